/** ExportFormat is the form of a file a page exports. */
export type ExportFormat = 'csv' | 'xlsx' | 'json'
