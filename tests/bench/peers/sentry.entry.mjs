// Sentry's user-feedback form as an npm user ships it: @sentry/browser with
// its feedback integration, the form opened at once (the bench's "prompt").
import { feedbackIntegration, getFeedback, init } from '@sentry/browser';

init({ dsn: window.__benchDsn, integrations: [feedbackIntegration({ autoInject: false })] });
getFeedback()
  .createForm()
  .then((form) => {
    form.appendToDom();
    form.open();
  });
