// Package imports brings many objects in at once from a file: a facility's resources from a
// spreadsheet, students and teachers from a roster, holidays and make-up working days (调休)
// from an ICS calendar. Every import is checked first — each bad row and field reported,
// nothing written — and then applied in one transaction, once. Each row goes through the same
// use case as a single create (catalog.CreateResource, accounts.ImportAccount,
// catalog.CreateBlackout), so the rules are the same ones.
package imports

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"cqshare/app/accounts"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// AuditImport is the object type of an import in the audit log.
const AuditImport = "import"

// Service runs the imports.
type Service struct {
	core.Base
	catalog  *catalog.Service
	accounts *accounts.Service
	maxBytes int64
}

// New builds the import service over the catalog and accounts; files are at most maxBytes.
func New(base core.Base, cat *catalog.Service, acc *accounts.Service, maxBytes int64) *Service {
	return &Service{Base: base, catalog: cat, accounts: acc, maxBytes: maxBytes}
}

// Upload is a file to check or apply, and what it is for: a facility (resources; holidays,
// 0 for every facility the actor manages) or an organization (users: rows that name none).
type Upload struct {
	Kind           string
	FacilityID     int64
	OrganizationID int64
	FileName       string
	Data           []byte
	// OnBookings says what a holiday closure does with the active bookings it covers.
	OnBookings catalog.OnBookings
}

// Problem is what is wrong with one row of a file: the row as the person sees it in their
// spreadsheet (the line of the event in a calendar), the column's header as they wrote it
// ("" for the row as a whole), the field, and the message.
type Problem struct {
	Row     int       `json:"row"`
	Column  string    `json:"column"`
	Field   string    `json:"field"`
	Code    string    `json:"code"`
	Message core.Text `json:"-"`
}

// Report is a check or an apply: how many rows, how many good and bad, every problem, and what
// applying did (or would do: a check counts what it would create and update).
type Report struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	FileName  string     `json:"file_name"`
	Rows      int        `json:"rows"`
	Good      int        `json:"good"`
	Bad       int        `json:"bad"`
	Created   int        `json:"created"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Skipped   int        `json:"skipped"`
	Problems  []Problem  `json:"problems"`
	AppliedAt *time.Time `json:"applied_at"`
}

// item is one row of a file, ready to be written through its use case (apply reports what it
// did: created, updated or unchanged), or the problems found reading it.
type item struct {
	line     int
	problems []Problem
	apply    func(ctx context.Context) (string, error)
	// column names the header of an error's field.
	column func(field string) string
}

// errUnchanged rolls back a row that changed nothing (its update and audit record with it).
var errUnchanged = errors.New("imports: unchanged")

// errDryRun rolls a check's transaction back.
var errDryRun = errors.New("imports: dry run")

// Check reads the file, runs every row through its use case inside a transaction that is then
// rolled back, and records the check; nothing else is written.
func (s *Service) Check(ctx context.Context, ac core.Actor, up Upload) (Report, error) {
	items, err := s.items(ctx, ac, up)
	if err != nil {
		return Report{}, err
	}
	rep, err := s.run(ctx, ac, up, items, false, false, nil)
	if err != nil {
		return Report{}, err
	}
	run := models.ImportRun{Kind: up.Kind, FileName: core.Clip(up.FileName, 255), FileSHA256: digest(up.Data),
		RowsTotal: rep.Rows, RowsBad: rep.Bad, CheckedAt: s.Now()}
	if ac.UserID != 0 {
		run.ActorID = new(ac.UserID)
	}
	if up.FacilityID != 0 {
		run.FacilityID = new(up.FacilityID)
	}
	if up.OrganizationID != 0 {
		run.OrganizationID = new(up.OrganizationID)
	}
	if err := s.DB.Insert(ctx, &run); err != nil {
		return Report{}, err
	}
	rep.ID = run.ID
	return rep, nil
}

// Apply writes a checked file in one transaction: all of it when it is clean, its good rows
// only when goodOnly says so (else ErrNotClean, nothing written). The file must be the one
// checked (ErrFileChanged) and a check is applied once (ErrApplied). Who may apply is who may
// import into the check's facility or organization.
func (s *Service) Apply(ctx context.Context, ac core.Actor, id int64, data []byte, goodOnly bool, on catalog.OnBookings) (Report, error) {
	run, err := s.DB.ImportRunByID(ctx, id)
	if err != nil {
		return Report{}, core.NotFound(err)
	}
	up := Upload{Kind: run.Kind, FileName: run.FileName, Data: data, OnBookings: on}
	if run.FacilityID != nil {
		up.FacilityID = *run.FacilityID
	}
	if run.OrganizationID != nil {
		up.OrganizationID = *run.OrganizationID
	}
	if err := s.mayUse(ctx, ac, run); err != nil {
		return Report{}, err
	}
	if run.AppliedAt != nil {
		return Report{}, ErrApplied
	}
	if digest(data) != run.FileSHA256 {
		return Report{}, ErrFileChanged
	}
	items, err := s.items(ctx, ac, up)
	if err != nil {
		return Report{}, err
	}
	rep, err := s.run(ctx, ac, up, items, true, goodOnly, &run)
	rep.ID = run.ID
	return rep, err
}

// Run is a check or apply recorded, for one who may use it.
func (s *Service) Run(ctx context.Context, ac core.Actor, id int64) (Report, error) {
	run, err := s.DB.ImportRunByID(ctx, id)
	if err != nil {
		return Report{}, core.NotFound(err)
	}
	if err := s.mayUse(ctx, ac, run); err != nil {
		return Report{}, err
	}
	return Report{ID: run.ID, Kind: run.Kind, FileName: run.FileName, Rows: run.RowsTotal, Bad: run.RowsBad,
		Good: run.RowsTotal - run.RowsBad, Created: run.Created, Updated: run.Updated, Unchanged: run.Unchanged,
		Skipped: run.Skipped, Problems: []Problem{}, AppliedAt: run.AppliedAt}, nil
}

// mayUse refuses a run to one who may not import into its scope: its facility's managers, the
// administrators of its organization's consortium, the city administrator; a run over every
// facility one manages is its author's alone. Others are told it does not exist.
func (s *Service) mayUse(ctx context.Context, ac core.Actor, run models.ImportRun) error {
	switch {
	case run.ActorID != nil && *run.ActorID == ac.UserID:
		return nil
	case run.FacilityID != nil && ac.ManagesFacility(*run.FacilityID):
		return nil
	case run.Kind == models.ImportUsers && run.OrganizationID != nil:
		if _, err := s.accounts.RosterOrganization(ctx, ac, *run.OrganizationID); err == nil {
			return nil
		}
	}
	return core.ErrNotFound
}

// run runs the items in one transaction, each in a savepoint so that a bad row leaves nothing
// of itself, and rolls it all back for a check (write false) or an apply of a file with bad
// rows that did not ask for the good ones only.
func (s *Service) run(ctx context.Context, ac core.Actor, up Upload, items []item, write, goodOnly bool, run *models.ImportRun) (Report, error) {
	var rep Report
	err := s.Tx(ctx, func(ctx context.Context) error {
		rep = Report{Kind: up.Kind, FileName: up.FileName, Problems: []Problem{}}
		bad := map[int]bool{}
		lines := map[int]bool{}
		for i, it := range items {
			lines[it.line] = true
			if len(it.problems) > 0 {
				rep.Problems = append(rep.Problems, it.problems...)
				bad[it.line] = true
				continue
			}
			var outcome string
			err := s.DB.Savepoint(ctx, fmt.Sprintf("import_row_%d", i), func() error {
				var err error
				outcome, err = it.apply(ctx)
				return err
			})
			if errors.Is(err, errUnchanged) {
				rep.Unchanged++
				continue
			}
			if err != nil {
				ps, ok := rowProblems(it, err)
				if !ok {
					return err
				}
				rep.Problems = append(rep.Problems, ps...)
				bad[it.line] = true
				continue
			}
			switch outcome {
			case accounts.RosterCreated:
				rep.Created++
			case accounts.RosterUpdated:
				rep.Updated++
			default:
				rep.Unchanged++
			}
		}
		rep.Rows, rep.Bad = len(lines), len(bad)
		rep.Good = rep.Rows - rep.Bad
		rep.Problems = dedupe(rep.Problems)
		if !write {
			return errDryRun
		}
		if rep.Bad > 0 && !goodOnly {
			return ErrNotClean.Say("imports.not_clean", "bad", rep.Bad)
		}
		rep.Skipped = rep.Bad
		now := s.Now()
		run.RowsTotal, run.RowsBad, run.Created, run.Updated, run.Unchanged, run.Skipped =
			rep.Rows, rep.Bad, rep.Created, rep.Updated, rep.Unchanged, rep.Skipped
		ok, err := s.DB.MarkImportApplied(ctx, *run, now)
		if err != nil {
			return err
		}
		if !ok {
			return ErrApplied
		}
		rep.AppliedAt = &now
		return s.Audit(ctx, ac, "import.apply", AuditImport, run.ID, map[string]any{"kind": up.Kind,
			"file_name": up.FileName, "facility_id": run.FacilityID, "organization_id": run.OrganizationID,
			"rows": rep.Rows, "created": rep.Created, "updated": rep.Updated, "unchanged": rep.Unchanged,
			"skipped": rep.Skipped})
	})
	if errors.Is(err, errDryRun) {
		return rep, nil
	}
	return rep, err
}

// rowProblems turns a use case's refusal of a row into problems, one per field at fault (the
// row as a whole for a refusal of no field); other errors (the database's) are no row's.
func rowProblems(it item, err error) ([]Problem, bool) {
	var e *core.Error
	if !errors.As(err, &e) || e.Kind == core.KindUnavailable {
		return nil, false
	}
	if len(e.Fields) == 0 {
		return []Problem{{Row: it.line, Code: e.Code, Message: e.Text()}}, true
	}
	out := make([]Problem, 0, len(e.Fields))
	for _, k := range sortedKeys(e.Fields) {
		field := strings.TrimPrefix(k, "rules.")
		out = append(out, Problem{Row: it.line, Column: it.column(field), Field: field, Code: e.Code, Message: e.Fields[k]})
	}
	return out, true
}

// dedupe drops problems said twice (a holiday refused at each of several facilities) and
// orders them by row.
func dedupe(ps []Problem) []Problem {
	seen := map[string]bool{}
	out := ps[:0]
	for _, p := range ps {
		k := fmt.Sprint(p.Row, "\x00", p.Field, "\x00", p.Message.Key, "\x00", p.Message.Params)
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b Problem) int { return a.Row - b.Row })
	return out
}

// items reads the file of the upload into rows ready to apply, for one allowed to import it.
func (s *Service) items(ctx context.Context, ac core.Actor, up Upload) ([]item, error) {
	switch up.Kind {
	case models.ImportResources:
		return s.resourceItems(ctx, ac, up)
	case models.ImportUsers:
		return s.userItems(ctx, ac, up)
	case models.ImportHolidays:
		return s.holidayItems(ctx, ac, up)
	}
	return nil, core.FieldError("kind", "field.choose")
}

// readFile refuses a file past the upload limit, then reads it as a spreadsheet.
func (s *Service) readFile(up Upload) (sheet, error) {
	if int64(len(up.Data)) > s.maxBytes {
		return sheet{}, s.tooLarge()
	}
	return readSheet(up.Data)
}

func (s *Service) tooLarge() error {
	e := ErrFileTooLarge.Say("imports.too_large", "max_mb", s.maxBytes>>20)
	e.Fields = map[string]core.Text{"file": e.Text()}
	return e
}

// sortedKeys are the fields at fault, in order, so that a row's problems read the same each time.
func sortedKeys(m map[string]core.Text) []string { return slices.Sorted(maps.Keys(m)) }

func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
