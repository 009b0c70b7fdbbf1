import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini ships without messages ("Invalid input"), to keep the browser build small. The
// collector shows schema problems to people (ingest's 400s, the survey editor's fields), so
// it loads zod's English messages once, for the process.
z.config(en());
