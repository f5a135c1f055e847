package imports

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"cqshare/app/accounts"
	"cqshare/app/core"
	"cqshare/models"
)

// userColumns are the columns of a users or roster file. The organization (by its name) may be
// left out where the upload names one; the role is a student's or a teacher's.
var userColumns = []column{
	{key: "email", zh: "邮箱", en: "Email", required: true, example: "zhang.san@cqvc.edu.cn"},
	{key: "name", zh: "姓名", en: "Name", required: true, example: "张三"},
	{key: "role", zh: "角色", en: "Role", required: true, example: "学生"},
	{key: "organization", zh: "所属单位", en: "Organization", example: ""},
	{key: "student_number", zh: "学号", en: "Student number", example: "2026010001"},
}

// roleWords are the words a roles cell may hold.
var roleWords = map[string]string{"学生": models.RoleStudent, "student": models.RoleStudent,
	"教师": models.RoleTeacher, "老师": models.RoleTeacher, "teacher": models.RoleTeacher}

// userItems reads a users or roster file for the city administrator, or a consortium
// administrator (organizations of their consortium only).
func (s *Service) userItems(ctx context.Context, ac core.Actor, up Upload) ([]item, error) {
	if !ac.IsAdmin() && ac.Role != models.RoleConsortiumAdmin {
		return nil, core.ErrForbidden
	}
	if up.OrganizationID != 0 {
		if _, err := s.accounts.RosterOrganization(ctx, ac, up.OrganizationID); err != nil {
			if isKind(err, core.KindNotFound) {
				return nil, core.FieldError("organization_id", "catalog.no_such_organization")
			}
			return nil, err
		}
	}
	sh, err := s.readFile(up)
	if err != nil {
		return nil, err
	}
	l, err := mapHeader(userColumns, sh.header)
	if err != nil {
		return nil, err
	}
	colOf := func(field string) string {
		if field == "organization_id" {
			field = "organization"
		}
		return l.columnOf(userColumns, field)
	}
	var names []string
	for _, r := range sh.rows {
		if n := l.get(r, "organization"); n != "" {
			names = append(names, n)
		}
	}
	orgs, err := s.DB.OrganizationsByName(ctx, names)
	if err != nil {
		return nil, err
	}
	firstEmail, firstNumber := map[string]int{}, map[string]int{}
	items := make([]item, 0, len(sh.rows))
	for _, r := range sh.rows {
		p := cellParser{l: l, r: r, fields: map[string]core.Text{}}
		e := accounts.RosterEntry{Email: p.text("email"), Name: p.text("name"), StudentNumber: p.text("student_number"),
			OrganizationID: up.OrganizationID}
		if role := p.text("role"); role != "" {
			e.Role = roleWords[strings.ToLower(role)]
			if e.Role == "" {
				e.Role = role // refused by ImportAccount, in words
			}
		}
		switch name := p.text("organization"); {
		case name != "":
			if o, ok := orgs[name]; ok {
				e.OrganizationID = o.ID
			} else {
				p.fields["organization"] = core.T("catalog.no_such_organization")
			}
		case e.OrganizationID == 0:
			p.fields["organization"] = core.T("field.required")
		}
		key := strings.ToLower(e.Email)
		if first, dup := firstEmail[key]; dup && key != "" {
			p.fields["email"] = core.T("imports.duplicate_row", "row", first)
		} else if key != "" {
			firstEmail[key] = r.line
		}
		if e.StudentNumber != "" && e.OrganizationID != 0 {
			nk := fmt.Sprint(e.OrganizationID, "\x00", e.StudentNumber)
			if first, dup := firstNumber[nk]; dup {
				p.fields["student_number"] = core.T("imports.duplicate_row", "row", first)
			} else {
				firstNumber[nk] = r.line
			}
		}
		it := item{line: r.line, column: colOf}
		for _, k := range sortedKeys(p.fields) {
			it.problems = append(it.problems, Problem{Row: r.line, Column: colOf(k), Field: k, Code: "validation_failed", Message: p.fields[k]})
		}
		it.apply = func(ctx context.Context) (string, error) {
			outcome, err := s.accounts.ImportAccount(ctx, ac, e)
			if err == nil && outcome == accounts.RosterUnchanged {
				return outcome, errUnchanged
			}
			if isKind(err, core.KindForbidden) {
				return "", core.FieldError("organization", "accounts.outside_consortium")
			}
			return outcome, err
		}
		items = append(items, it)
	}
	return items, nil
}

func isKind(err error, k core.Kind) bool {
	var e *core.Error
	return errors.As(err, &e) && e.Kind == k
}
