package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// TalentNeedKind is what an enterprise's need asks for.
type TalentNeedKind string

// Kinds of need: the first three are openings students apply to.
const (
	NeedPosition       TalentNeedKind = "position"
	NeedInternship     TalentNeedKind = "internship"
	NeedApprenticeship TalentNeedKind = "apprenticeship" // 现代学徒制
	NeedSkill          TalentNeedKind = "skill"          // a skill demand schools train for
)

// NeedKinds lists every kind of need; OpeningKinds those students see and apply to.
var (
	NeedKinds    = []TalentNeedKind{NeedPosition, NeedInternship, NeedApprenticeship, NeedSkill}
	OpeningKinds = []TalentNeedKind{NeedPosition, NeedInternship, NeedApprenticeship}
)

// Statuses of needs and offers.
const (
	TalentOpen   = "open"
	TalentClosed = "closed"
)

// Outcomes of a closed need.
const (
	NeedFilled    = "filled"
	NeedWithdrawn = "withdrawn"
)

// TalentNeed is a need an enterprise posts on the talent board (人才供需信息服务).
type TalentNeed struct {
	ID             int64
	OrganizationID int64
	PostedBy       int64
	Kind           TalentNeedKind
	Title          string
	Description    string
	ClusterID      int64
	Headcount      int
	Place          string
	StartsOn       string // local YYYY-MM-DD, or empty
	EndsOn         string
	Status         string
	Outcome        string // filled or withdrawn, once closed
	FilledCount    int
	ClosedAt       *time.Time
	ClosedBy       *int64
	CloseNote      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// TalentNeedSkill is one skill a need asks for.
type TalentNeedSkill struct {
	NeedID int64  `gorm:"primaryKey;autoIncrement:false"`
	Skill  string `gorm:"primaryKey"`
}

// TalentOfferKind is what a school or training base offers.
type TalentOfferKind string

// Kinds of offer.
const (
	OfferCourse    TalentOfferKind = "course"
	OfferCohort    TalentOfferKind = "cohort"
	OfferGraduates TalentOfferKind = "graduates"
)

// OfferKinds lists every kind of offer.
var OfferKinds = []TalentOfferKind{OfferCourse, OfferCohort, OfferGraduates}

// TalentOffer is what a school (a teacher's offer) or a training base offers: a course, a
// student cohort or graduates, answering a need or standing alone.
type TalentOffer struct {
	ID             int64
	Kind           TalentOfferKind
	NeedID         *int64
	OrganizationID *int64
	FacilityID     *int64
	CourseID       *int64
	PostedBy       int64
	Title          string
	Description    string
	ClusterID      int64
	Headcount      int
	AvailableOn    string
	Status         string
	ClosedAt       *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// TalentOfferSkill is one skill an offer teaches or its people have.
type TalentOfferSkill struct {
	OfferID int64  `gorm:"primaryKey;autoIncrement:false"`
	Skill   string `gorm:"primaryKey"`
}

// ApplicationStatus is where a student's application stands.
type ApplicationStatus string

// Application statuses.
const (
	ApplicationSubmitted   ApplicationStatus = "submitted"
	ApplicationShortlisted ApplicationStatus = "shortlisted"
	ApplicationAccepted    ApplicationStatus = "accepted"
	ApplicationDeclined    ApplicationStatus = "declined"
	ApplicationWithdrawn   ApplicationStatus = "withdrawn"
)

// TalentApplication is a student's application to an opening, with what they share.
type TalentApplication struct {
	ID                 int64
	NeedID             int64
	StudentID          int64
	Statement          string
	ShareName          bool
	ShareEmail         bool
	ShareStudentNumber bool
	ShareSchool        bool
	Status             ApplicationStatus
	DecidedAt          *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// TalentNeedRow is a need with its organization's and cluster's names.
type TalentNeedRow struct {
	TalentNeed
	OrganizationName   string
	OrganizationNameEn string
	ClusterName        string
	ClusterNameEn      string
	ApplicationCount   int
	OfferCount         int
}

// TalentNeedFilter selects needs; the visibility fields are the caller's scope, set by app/talent.
type TalentNeedFilter struct {
	Kind           TalentNeedKind
	ClusterIDs     []int64 // any of them; nil for all
	Status         string  // open, closed, or empty for both
	OrganizationID int64   // only this organization's
	Query          string
	// Visibility: every need (All); needs of the organization (OwnOrgID) or of the organizations
	// of a consortium (ConsortiumID); open needs of OpenKinds (nil: of every kind) otherwise.
	All          bool
	OwnOrgID     int64
	ConsortiumID int64
	OpenKinds    []TalentNeedKind
	NoOpen       bool // open needs of others are not visible at all
}

func (d *DB) needRows(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("talent_needs n").
		Joins("JOIN organizations o ON o.id = n.organization_id").
		Joins("JOIN industry_clusters c ON c.id = n.cluster_id").
		Select("n.*, o.name AS organization_name, o.name_en AS organization_name_en, c.name AS cluster_name, " +
			"c.name_en AS cluster_name_en, " +
			"(SELECT COUNT(*) FROM talent_applications a WHERE a.need_id = n.id AND a.status <> 'withdrawn') AS application_count, " +
			"(SELECT COUNT(*) FROM talent_offers f WHERE f.need_id = n.id AND f.status = 'open') AS offer_count")
}

// ListTalentNeeds lists one page of the needs that match, newest first, and how many match.
func (d *DB) ListTalentNeeds(ctx context.Context, f TalentNeedFilter, limit, offset int) ([]TalentNeedRow, int64, error) {
	q := d.needRows(ctx)
	if !f.All {
		vis := d.R(ctx).Where("1 = 0")
		if !f.NoOpen {
			open := d.R(ctx).Where("n.status = ?", TalentOpen)
			if f.OpenKinds != nil {
				open = open.Where("n.kind IN ?", f.OpenKinds)
			}
			vis = vis.Or(open)
		}
		if f.OwnOrgID != 0 {
			vis = vis.Or("n.organization_id = ?", f.OwnOrgID)
		}
		if f.ConsortiumID != 0 {
			vis = vis.Or("n.organization_id IN (SELECT organization_id FROM consortium_members WHERE consortium_id = ?)", f.ConsortiumID)
		}
		q = q.Where(vis)
	}
	if f.Kind != "" {
		q = q.Where("n.kind = ?", f.Kind)
	}
	if f.ClusterIDs != nil {
		q = q.Where("n.cluster_id IN ?", append([]int64{0}, f.ClusterIDs...))
	}
	if f.Status != "" {
		q = q.Where("n.status = ?", f.Status)
	}
	if f.OrganizationID != 0 {
		q = q.Where("n.organization_id = ?", f.OrganizationID)
	}
	q = whereContains(q, f.Query, "n.title", "n.description", "n.place")
	q = q.Session(&gorm.Session{})
	return page[TalentNeedRow](q, q.Order("n.created_at DESC, n.id DESC"), limit, offset)
}

// TalentNeedRowByID loads a need with its names.
func (d *DB) TalentNeedRowByID(ctx context.Context, id int64) (TalentNeedRow, error) {
	return first[TalentNeedRow](d.needRows(ctx).Where("n.id = ?", id))
}

// TalentNeedByID loads a need.
func (d *DB) TalentNeedByID(ctx context.Context, id int64) (TalentNeed, error) {
	return first[TalentNeed](d.W(ctx), id)
}

// SaveTalentNeed writes every column of a need.
func (d *DB) SaveTalentNeed(ctx context.Context, n *TalentNeed) error { return d.W(ctx).Save(n).Error }

// SetNeedSkills replaces the skills of a need.
func (d *DB) SetNeedSkills(ctx context.Context, needID int64, skills []string) error {
	if err := d.W(ctx).Where("need_id = ?", needID).Delete(&TalentNeedSkill{}).Error; err != nil {
		return err
	}
	if len(skills) == 0 {
		return nil
	}
	rows := make([]TalentNeedSkill, len(skills))
	for i, s := range skills {
		rows[i] = TalentNeedSkill{NeedID: needID, Skill: s}
	}
	return insertRows(d.W(ctx), rows)
}

// NeedSkills lists the skills of each need, in order.
func (d *DB) NeedSkills(ctx context.Context, ids []int64) (map[int64][]string, error) {
	var rows []TalentNeedSkill
	out := map[int64][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	err := d.R(ctx).Where("need_id IN ?", ids).Order("need_id, skill").Find(&rows).Error
	for _, r := range rows {
		out[r.NeedID] = append(out[r.NeedID], r.Skill)
	}
	return out, err
}

// TalentOfferRow is an offer with the names of its poster's side, cluster and course.
type TalentOfferRow struct {
	TalentOffer
	OrganizationName   string
	OrganizationNameEn string
	FacilityName       string
	FacilityNameEn     string
	ClusterName        string
	ClusterNameEn      string
	CourseTitle        string
	CourseTitleEn      string
}

// TalentMatchRow is an offer ranked for a need, with the parts of its score.
type TalentMatchRow struct {
	TalentOfferRow
	ClusterPoints int
	AnswerPoints  int
	SkillPoints   int
	Score         int
}

func (d *DB) offerRows(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("talent_offers f").
		Joins("LEFT JOIN organizations o ON o.id = f.organization_id").
		Joins("LEFT JOIN facilities fa ON fa.id = f.facility_id").
		Joins("LEFT JOIN courses co ON co.id = f.course_id").
		Joins("JOIN industry_clusters c ON c.id = f.cluster_id").
		Select("f.*, COALESCE(o.name, '') AS organization_name, COALESCE(o.name_en, '') AS organization_name_en, " +
			"COALESCE(fa.name, '') AS facility_name, COALESCE(fa.name_en, '') AS facility_name_en, c.name AS cluster_name, " +
			"c.name_en AS cluster_name_en, COALESCE(co.title, '') AS course_title, COALESCE(co.title_en, '') AS course_title_en")
}

// TalentOfferFilter selects offers.
type TalentOfferFilter struct {
	NeedID    int64
	ClusterID int64
	Kind      TalentOfferKind
	Status    string
}

// ListTalentOffers lists one page of the offers that match, newest first, and how many match.
func (d *DB) ListTalentOffers(ctx context.Context, f TalentOfferFilter, limit, offset int) ([]TalentOfferRow, int64, error) {
	q := d.offerRows(ctx)
	if f.NeedID != 0 {
		q = q.Where("f.need_id = ?", f.NeedID)
	}
	if f.ClusterID != 0 {
		q = q.Where("f.cluster_id = ?", f.ClusterID)
	}
	if f.Kind != "" {
		q = q.Where("f.kind = ?", f.Kind)
	}
	if f.Status != "" {
		q = q.Where("f.status = ?", f.Status)
	}
	q = q.Session(&gorm.Session{})
	return page[TalentOfferRow](q, q.Order("f.created_at DESC, f.id DESC"), limit, offset)
}

// TalentOfferRowByID loads an offer with its names.
func (d *DB) TalentOfferRowByID(ctx context.Context, id int64) (TalentOfferRow, error) {
	return first[TalentOfferRow](d.offerRows(ctx).Where("f.id = ?", id))
}

// Points of the match list's score: the same cluster, an offer made for this need, each skill
// the offer shares with the need.
const (
	MatchClusterPoints = 3
	MatchAnswerPoints  = 2
	MatchSkillPoint    = 1
)

// MatchTalentOffers ranks the open offers for a need: each scores MatchClusterPoints for the
// need's cluster, MatchAnswerPoints when made for the need, and MatchSkillPoint per shared skill;
// offers that score nothing are left out. Best first, then oldest.
func (d *DB) MatchTalentOffers(ctx context.Context, n TalentNeed, limit, offset int) ([]TalentMatchRow, int64, error) {
	inner := d.offerRows(ctx).Select("f.*, COALESCE(o.name, '') AS organization_name, COALESCE(o.name_en, '') AS organization_name_en, "+
		"COALESCE(fa.name, '') AS facility_name, COALESCE(fa.name_en, '') AS facility_name_en, c.name AS cluster_name, "+
		"c.name_en AS cluster_name_en, COALESCE(co.title, '') AS course_title, COALESCE(co.title_en, '') AS course_title_en, "+
		"CASE WHEN f.cluster_id = ? THEN ? ELSE 0 END AS cluster_points, "+
		"CASE WHEN f.need_id = ? THEN ? ELSE 0 END AS answer_points, "+
		"? * (SELECT COUNT(*) FROM talent_offer_skills os JOIN talent_need_skills ns ON ns.skill = os.skill "+
		"WHERE os.offer_id = f.id AND ns.need_id = ?) AS skill_points",
		n.ClusterID, MatchClusterPoints, n.ID, MatchAnswerPoints, MatchSkillPoint, n.ID).
		Where("f.status = ? AND (f.need_id IS NULL OR f.need_id = ?)", TalentOpen, n.ID)
	q := d.R(ctx).Table("(?) m", inner).Select("m.*, m.cluster_points + m.answer_points + m.skill_points AS score").
		Where("m.cluster_points + m.answer_points + m.skill_points > 0").Session(&gorm.Session{})
	return page[TalentMatchRow](q, q.Order("score DESC, m.created_at, m.id"), limit, offset)
}

// SaveTalentOffer writes every column of an offer.
func (d *DB) SaveTalentOffer(ctx context.Context, o *TalentOffer) error {
	return d.W(ctx).Save(o).Error
}

// TalentOfferByID loads an offer.
func (d *DB) TalentOfferByID(ctx context.Context, id int64) (TalentOffer, error) {
	return first[TalentOffer](d.W(ctx), id)
}

// SetOfferSkills replaces the skills of an offer.
func (d *DB) SetOfferSkills(ctx context.Context, offerID int64, skills []string) error {
	if err := d.W(ctx).Where("offer_id = ?", offerID).Delete(&TalentOfferSkill{}).Error; err != nil {
		return err
	}
	if len(skills) == 0 {
		return nil
	}
	rows := make([]TalentOfferSkill, len(skills))
	for i, s := range skills {
		rows[i] = TalentOfferSkill{OfferID: offerID, Skill: s}
	}
	return insertRows(d.W(ctx), rows)
}

// OfferSkills lists the skills of each offer, in order.
func (d *DB) OfferSkills(ctx context.Context, ids []int64) (map[int64][]string, error) {
	var rows []TalentOfferSkill
	out := map[int64][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	err := d.R(ctx).Where("offer_id IN ?", ids).Order("offer_id, skill").Find(&rows).Error
	for _, r := range rows {
		out[r.OfferID] = append(out[r.OfferID], r.Skill)
	}
	return out, err
}

// OrganizationClusterIDs lists the clusters of the consortia an organization belongs to.
func (d *DB) OrganizationClusterIDs(ctx context.Context, orgID int64) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Table("consortium_members m").Joins("JOIN consortium_clusters cc ON cc.consortium_id = m.consortium_id").
		Where("m.organization_id = ?", orgID).Distinct("cc.cluster_id").Order("cc.cluster_id").Pluck("cc.cluster_id", &ids).Error
	return ids, err
}

// TeachesCourse reports whether a user is the instructor of a session of a course.
func (d *DB) TeachesCourse(ctx context.Context, userID, courseID int64) (bool, error) {
	var n int64
	err := d.R(ctx).Model(&CourseSession{}).Where("course_id = ? AND instructor_id = ?", courseID, userID).Count(&n).Error
	return n > 0, err
}

// TeachesAtFacility reports whether a user is the instructor of a session of a course of a facility.
func (d *DB) TeachesAtFacility(ctx context.Context, userID, facilityID int64) (bool, error) {
	var n int64
	err := d.R(ctx).Table("course_sessions s").Joins("JOIN courses c ON c.id = s.course_id").
		Where("c.facility_id = ? AND s.instructor_id = ?", facilityID, userID).Count(&n).Error
	return n > 0, err
}

// TalentApplicationByID loads an application.
func (d *DB) TalentApplicationByID(ctx context.Context, id int64) (TalentApplication, error) {
	return first[TalentApplication](d.W(ctx), id)
}

// InsertTalentApplication adds an application; ErrDuplicate-like errors (IsDuplicate) when the
// student applied to the need already.
func (d *DB) InsertTalentApplication(ctx context.Context, a *TalentApplication) error {
	return d.W(ctx).Create(a).Error
}

// SaveTalentApplication writes every column of an application.
func (d *DB) SaveTalentApplication(ctx context.Context, a *TalentApplication) error {
	return d.W(ctx).Save(a).Error
}

// TalentApplicantRow is an application with everything the student might share; app/talent
// blanks what they did not.
type TalentApplicantRow struct {
	TalentApplication
	StudentName   string
	StudentEmail  string
	StudentNumber *string
	SchoolName    string
	SchoolNameEn  string
	NeedTitle     string
	NeedStatus    string
	NeedKind      TalentNeedKind
	EmployerName  string
	EmployerEn    string
}

func (d *DB) applicationRows(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("talent_applications a").
		Joins("JOIN users u ON u.id = a.student_id").
		Joins("LEFT JOIN organizations s ON s.id = u.organization_id").
		Joins("JOIN talent_needs n ON n.id = a.need_id").
		Joins("JOIN organizations e ON e.id = n.organization_id").
		Select("a.*, u.name AS student_name, u.email AS student_email, u.student_number, COALESCE(s.name, '') AS school_name, " +
			"COALESCE(s.name_en, '') AS school_name_en, n.title AS need_title, n.status AS need_status, n.kind AS need_kind, " +
			"e.name AS employer_name, e.name_en AS employer_en")
}

// ListNeedApplications lists one page of a need's applications (withdrawn ones too), oldest first.
func (d *DB) ListNeedApplications(ctx context.Context, needID int64, limit, offset int) ([]TalentApplicantRow, int64, error) {
	q := d.applicationRows(ctx).Where("a.need_id = ?", needID).Session(&gorm.Session{})
	return page[TalentApplicantRow](q, q.Order("a.created_at, a.id"), limit, offset)
}

// ListStudentApplications lists one page of a student's applications, newest first.
func (d *DB) ListStudentApplications(ctx context.Context, studentID int64, limit, offset int) ([]TalentApplicantRow, int64, error) {
	q := d.applicationRows(ctx).Where("a.student_id = ?", studentID).Session(&gorm.Session{})
	return page[TalentApplicantRow](q, q.Order("a.created_at DESC, a.id DESC"), limit, offset)
}

// TalentApplicationRowByID loads one application with its names.
func (d *DB) TalentApplicationRowByID(ctx context.Context, id int64) (TalentApplicantRow, error) {
	return first[TalentApplicantRow](d.applicationRows(ctx).Where("a.id = ?", id))
}

// OrganizationMemberIDs lists the active users of an organization: the side of its needs.
func (d *DB) OrganizationMemberIDs(ctx context.Context, orgID int64) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Model(&User{}).Where("organization_id = ? AND active = ?", orgID, true).Order("id").Pluck("id", &ids).Error
	return ids, err
}

// TalentClusterFigures are the board's figures of one cluster over a range.
type TalentClusterFigures struct {
	ClusterID       int64
	ClusterName     string
	ClusterNameEn   string
	NeedsPosted     int64
	NeedsFilled     int64
	HeadcountWanted int64
	HeadcountFilled int64
	Applications    int64
}

// TalentSummaryByCluster counts, per cluster, the needs posted in [from, to) and their
// headcount, the needs closed as filled in it and the people filled, and the applications made
// in it; ConsortiumID > 0 keeps only needs of that consortium's member organizations.
func (d *DB) TalentSummaryByCluster(ctx context.Context, consortiumID int64, from, to time.Time) ([]TalentClusterFigures, error) {
	scope, args := "", []any{}
	if consortiumID > 0 {
		scope = " AND n.organization_id IN (SELECT organization_id FROM consortium_members WHERE consortium_id = ?)"
		args = append(args, consortiumID)
	}
	arg := func(extra ...any) []any { return append(append([]any{}, extra...), args...) }
	var out []TalentClusterFigures
	err := d.R(ctx).Table("industry_clusters c").Select("c.id AS cluster_id, c.name AS cluster_name, c.name_en AS cluster_name_en, "+
		"(SELECT COUNT(*) FROM talent_needs n WHERE n.cluster_id = c.id AND n.created_at >= ? AND n.created_at < ?"+scope+") AS needs_posted, "+
		"(SELECT COALESCE(SUM(n.headcount), 0) FROM talent_needs n WHERE n.cluster_id = c.id AND n.created_at >= ? AND n.created_at < ?"+scope+") AS headcount_wanted, "+
		"(SELECT COUNT(*) FROM talent_needs n WHERE n.cluster_id = c.id AND n.outcome = 'filled' AND n.closed_at >= ? AND n.closed_at < ?"+scope+") AS needs_filled, "+
		"(SELECT COALESCE(SUM(n.filled_count), 0) FROM talent_needs n WHERE n.cluster_id = c.id AND n.closed_at >= ? AND n.closed_at < ?"+scope+") AS headcount_filled, "+
		"(SELECT COUNT(*) FROM talent_applications a JOIN talent_needs n ON n.id = a.need_id WHERE n.cluster_id = c.id AND a.created_at >= ? AND a.created_at < ?"+scope+") AS applications",
		append(append(append(append(arg(from, to), arg(from, to)...), arg(from, to)...), arg(from, to)...), arg(from, to)...)...).
		Order("c.sort_order, c.id").Scan(&out).Error
	return out, err
}
