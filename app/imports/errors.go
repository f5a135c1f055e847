package imports

import "cqshare/app/core"

// The refusals of an import; each names the file field ("file") and says what is wrong.
var (
	// ErrFileRefused is a file that cannot be imported: not a spreadsheet or calendar by its
	// content, unreadable, empty, too many rows, or a header that names no known column.
	ErrFileRefused = &core.Error{Kind: core.KindRule, Code: "import_file_refused", Key: "imports.file_refused"}
	// ErrFileTooLarge is a file past the upload limit (MAX_UPLOAD_MB).
	ErrFileTooLarge = &core.Error{Kind: core.KindTooLarge, Code: "file_too_large", Key: "imports.too_large"}
	// ErrNotClean is an apply of a file with bad rows that did not ask for the good rows only.
	ErrNotClean = &core.Error{Kind: core.KindRule, Code: "import_not_clean", Key: "imports.not_clean"}
	// ErrApplied is a second apply of the same check: it writes nothing.
	ErrApplied = &core.Error{Kind: core.KindConflict, Code: "import_applied", Key: "imports.applied"}
	// ErrFileChanged is an apply with another file than the one checked.
	ErrFileChanged = &core.Error{Kind: core.KindConflict, Code: "import_file_changed", Key: "imports.file_changed"}
)

var (
	errEmptyFile   = fileError("imports.empty")
	errTooManyRows = fileError("imports.too_many_rows", "max", MaxRows)
)

// fileError is ErrFileRefused saying why, on the file field.
func fileError(key string, pairs ...any) *core.Error {
	e := ErrFileRefused.Say(key, pairs...)
	e.Fields = map[string]core.Text{"file": core.T(key, pairs...)}
	return e
}

// fileTypeError refuses a file whose content is of another type than the import takes.
func fileTypeError(ctype, key string) *core.Error {
	return fileError(key, "type", ctype)
}
