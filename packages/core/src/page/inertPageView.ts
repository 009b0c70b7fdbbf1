import type { PageView } from './pageView.js';

const none = () => () => undefined;

/**
 * A page with nothing to listen to: the default outside a browser (Node, SSR,
 * workers). `href` comes from the client's page environment.
 */
export function createInertPageView(href: () => string): PageView {
  return {
    href,
    onNavigate: none,
    onClick: none,
    onExitIntent: none,
    scrollPercent: () => 0,
    onScroll: none,
    isVisible: () => true,
    onVisibilityChange: none,
    onLeave: none,
    busy: () => null,
    onBusyChange: none,
    doNotTrack: () => false,
    channel: () => ({ post: () => undefined, close: () => undefined }),
  };
}
