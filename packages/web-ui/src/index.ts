// @teppan/web-ui: the controls, boxes and class strings the customer site and the admin share.
// The apps consume this source through Vite and tsc; there is no build step.
export {
  buttonClass,
  compactSecondaryButtonClass,
  dangerButtonClass,
  inputClass,
  secondaryButtonClass,
} from './classes.ts';
export { Empty, ErrorBox, errorText, Loading, Notice } from './feedback.tsx';
export { Field, SelectField, TextAreaField, TextField } from './fields.tsx';
export { mountApp } from './mount.tsx';
export { PageHeader, RefreshButton, Section } from './page.tsx';
export { CountField, ValueTextField } from './value-fields.tsx';
