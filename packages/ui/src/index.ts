export { cx, focusRing } from './class-names.js';
export { VisuallyHidden } from './visually-hidden.js';
export {
  Button,
  buttonClasses,
  type ButtonProps,
  type ButtonSize,
  type ButtonStyleOptions,
  type ButtonVariant,
} from './button.js';
export {
  FormField,
  useFieldControl,
  type FieldControlProps,
  type FormFieldProps,
} from './form-field.js';
export {
  Input,
  Select,
  TextArea,
  type InputProps,
  type SelectProps,
  type TextAreaProps,
} from './input.js';
export {
  RadioCardGroup,
  type RadioCardGroupProps,
  type RadioCardOption,
} from './radio-card-group.js';
export { Card, type CardProps } from './card.js';
export { Table, type TableColumn, type TableProps } from './table.js';
export { Badge, type BadgeTone } from './badge.js';
export { Alert, type AlertProps, type AlertTone } from './alert.js';
export {
  PageLayout,
  PageHeader,
  type PageHeaderProps,
  type PageLayoutProps,
} from './page-layout.js';
export { TabNav, navLinkClasses, tabLinkClasses, textLinkClasses } from './nav.js';
export { DescriptionList, type DescriptionItem } from './description-list.js';
