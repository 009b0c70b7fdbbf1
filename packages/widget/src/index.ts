export { mountWidget } from './mountWidget';
export type { WidgetOptions } from './mountWidget';
export { Prompt, THANKS_MS } from './Prompt';
export { ScoreScale } from './ScoreScale';
export { EN } from './strings';
export type { WidgetStrings } from './strings';
export { STYLES } from './styles.css';
