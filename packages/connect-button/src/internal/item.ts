/** The part of Pluggy's Item that the element reads; the widget's full object is passed through untouched. */
export interface PluggyItem {
  id: string;
  status?: string;
  executionStatus?: string;
  connector?: { id: number; name: string; imageUrl?: string; primaryColor?: string };
  [field: string]: unknown;
}

/** The widget's own event payload (`onEvent`), e.g. `{event: 'SUBMITTED_LOGIN', timestamp}`. */
export interface PluggyWidgetEvent {
  event: string;
  timestamp?: number;
  item?: PluggyItem;
  connector?: unknown;
  [field: string]: unknown;
}
