package handlers

import (
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/core"
	"cqshare/app/talent"
	"cqshare/models"
)

type needListQuery struct {
	Paging     pageQuery
	Kind       string `query:"kind" validate:"omitempty,oneof=position internship apprenticeship skill"`
	ClusterID  int64  `query:"cluster_id" validate:"omitempty,min=1"`
	Status     string `query:"status" validate:"omitempty,oneof=open closed"`
	Mine       bool   `query:"mine"`
	MyClusters bool   `query:"my_clusters"`
	Query      string `query:"q" validate:"max=100"`
}

type needRequest struct {
	Kind        string   `json:"kind" validate:"required,oneof=position internship apprenticeship skill"`
	Title       string   `json:"title" validate:"required,max=200"`
	Description string   `json:"description" validate:"max=5000"`
	ClusterID   int64    `json:"cluster_id" validate:"required,min=1"`
	Skills      []string `json:"skills" validate:"max=10,dive,max=30"`
	Headcount   int      `json:"headcount" validate:"required,min=1,max=10000"`
	Place       string   `json:"place" validate:"max=200"`
	StartsOn    string   `json:"starts_on" validate:"max=10"`
	EndsOn      string   `json:"ends_on" validate:"max=10"`
}

type needPatchRequest struct {
	Title       *string   `json:"title" validate:"omitempty,min=1,max=200"`
	Description *string   `json:"description" validate:"omitempty,max=5000"`
	ClusterID   *int64    `json:"cluster_id" validate:"omitempty,min=1"`
	Skills      *[]string `json:"skills" validate:"omitempty,max=10,dive,max=30"`
	Headcount   *int      `json:"headcount" validate:"omitempty,min=1,max=10000"`
	Place       *string   `json:"place" validate:"omitempty,max=200"`
	StartsOn    *string   `json:"starts_on" validate:"omitempty,max=10"`
	EndsOn      *string   `json:"ends_on" validate:"omitempty,max=10"`
}

type needCloseRequest struct {
	Outcome     string `json:"outcome" validate:"required,oneof=filled withdrawn"`
	FilledCount int    `json:"filled_count" validate:"min=0,max=10000"`
	Note        string `json:"note" validate:"max=2000"`
}

type offerListQuery struct {
	Paging    pageQuery
	NeedID    int64  `query:"need_id" validate:"omitempty,min=1"`
	ClusterID int64  `query:"cluster_id" validate:"omitempty,min=1"`
	Kind      string `query:"kind" validate:"omitempty,oneof=course cohort graduates"`
	Status    string `query:"status" validate:"omitempty,oneof=open closed"`
}

type offerRequest struct {
	Kind        string   `json:"kind" validate:"required,oneof=course cohort graduates"`
	NeedID      *int64   `json:"need_id" validate:"omitempty,min=1"`
	FacilityID  *int64   `json:"facility_id" validate:"omitempty,min=1"`
	CourseID    *int64   `json:"course_id" validate:"omitempty,min=1"`
	Title       string   `json:"title" validate:"required,max=200"`
	Description string   `json:"description" validate:"max=5000"`
	ClusterID   int64    `json:"cluster_id" validate:"required,min=1"`
	Skills      []string `json:"skills" validate:"max=10,dive,max=30"`
	Headcount   int      `json:"headcount" validate:"min=0,max=10000"`
	AvailableOn string   `json:"available_on" validate:"max=10"`
}

type shareRequest struct {
	Name          bool `json:"name"`
	Email         bool `json:"email"`
	StudentNumber bool `json:"student_number"`
	School        bool `json:"school"`
}

type applyRequest struct {
	Share     shareRequest `json:"share"`
	Statement string       `json:"statement" validate:"max=1000"`
}

type talentSummaryQuery struct {
	From         string `query:"from" validate:"required"`
	To           string `query:"to" validate:"required"`
	ConsortiumID int64  `query:"consortium_id" validate:"omitempty,min=1"`
}

// needResponse is a need of the board.
type needResponse struct {
	ID                 int64                 `json:"id"`
	OrganizationID     int64                 `json:"organization_id"`
	OrganizationName   string                `json:"organization_name"`
	OrganizationNameEn string                `json:"organization_name_en"`
	Kind               models.TalentNeedKind `json:"kind"`
	Title              string                `json:"title"`
	Description        string                `json:"description"`
	ClusterID          int64                 `json:"cluster_id"`
	ClusterName        string                `json:"cluster_name"`
	ClusterNameEn      string                `json:"cluster_name_en"`
	Skills             []string              `json:"skills"`
	Headcount          int                   `json:"headcount"`
	Place              string                `json:"place"`
	StartsOn           string                `json:"starts_on"`
	EndsOn             string                `json:"ends_on"`
	Status             string                `json:"status"`
	Outcome            string                `json:"outcome"`
	FilledCount        int                   `json:"filled_count"`
	ClosedAt           *time.Time            `json:"closed_at"`
	CloseNote          string                `json:"close_note"`
	ApplicationCount   int                   `json:"application_count"`
	OfferCount         int                   `json:"offer_count"`
	CreatedAt          time.Time             `json:"created_at"`
	Actions            []string              `json:"actions"`
}

func toNeed(v talent.NeedView) needResponse {
	out := needResponse{ID: v.ID, OrganizationID: v.OrganizationID, OrganizationName: v.OrganizationName,
		OrganizationNameEn: v.OrganizationNameEn, Kind: v.Kind, Title: v.Title, Description: v.Description, ClusterID: v.ClusterID,
		ClusterName: v.ClusterName, ClusterNameEn: v.ClusterNameEn, Skills: v.Skills, Headcount: v.Headcount, Place: v.Place,
		StartsOn: v.StartsOn, EndsOn: v.EndsOn, Status: v.Status, Outcome: v.Outcome, FilledCount: v.FilledCount,
		ClosedAt: utc(v.ClosedAt), OfferCount: v.OfferCount, CreatedAt: v.CreatedAt.UTC(), Actions: v.Actions}
	if v.Stance != talent.StanceReader {
		out.ApplicationCount, out.CloseNote = v.ApplicationCount, v.CloseNote
	}
	return out
}

// offerResponse is an offer of a school or training base.
type offerResponse struct {
	ID                 int64                  `json:"id"`
	Kind               models.TalentOfferKind `json:"kind"`
	NeedID             *int64                 `json:"need_id"`
	OrganizationID     *int64                 `json:"organization_id"`
	OrganizationName   string                 `json:"organization_name"`
	OrganizationNameEn string                 `json:"organization_name_en"`
	FacilityID         *int64                 `json:"facility_id"`
	FacilityName       string                 `json:"facility_name"`
	FacilityNameEn     string                 `json:"facility_name_en"`
	CourseID           *int64                 `json:"course_id"`
	CourseTitle        string                 `json:"course_title"`
	CourseTitleEn      string                 `json:"course_title_en"`
	Title              string                 `json:"title"`
	Description        string                 `json:"description"`
	ClusterID          int64                  `json:"cluster_id"`
	ClusterName        string                 `json:"cluster_name"`
	ClusterNameEn      string                 `json:"cluster_name_en"`
	Skills             []string               `json:"skills"`
	Headcount          int                    `json:"headcount"`
	AvailableOn        string                 `json:"available_on"`
	Status             string                 `json:"status"`
	CreatedAt          time.Time              `json:"created_at"`
}

func toOffer(v talent.OfferView) offerResponse {
	return offerFrom(v.TalentOfferRow, v.Skills)
}

func offerFrom(r models.TalentOfferRow, skills []string) offerResponse {
	return offerResponse{ID: r.ID, Kind: r.Kind, NeedID: r.NeedID, OrganizationID: r.OrganizationID, OrganizationName: r.OrganizationName,
		OrganizationNameEn: r.OrganizationNameEn, FacilityID: r.FacilityID, FacilityName: r.FacilityName, FacilityNameEn: r.FacilityNameEn,
		CourseID: r.CourseID, CourseTitle: r.CourseTitle, CourseTitleEn: r.CourseTitleEn, Title: r.Title, Description: r.Description,
		ClusterID: r.ClusterID, ClusterName: r.ClusterName, ClusterNameEn: r.ClusterNameEn, Skills: skills, Headcount: r.Headcount,
		AvailableOn: r.AvailableOn, Status: r.Status, CreatedAt: r.CreatedAt.UTC()}
}

// matchResponse is an offer ranked for a need, with its score's parts.
type matchResponse struct {
	Offer         offerResponse `json:"offer"`
	Score         int           `json:"score"`
	ClusterPoints int           `json:"cluster_points"`
	AnswerPoints  int           `json:"answer_points"`
	SkillPoints   int           `json:"skill_points"`
	SharedSkills  []string      `json:"shared_skills"`
}

func toMatch(v talent.MatchView) matchResponse {
	return matchResponse{Offer: offerFrom(v.TalentOfferRow, v.Skills), Score: v.Score, ClusterPoints: v.ClusterPoints,
		AnswerPoints: v.AnswerPoints, SkillPoints: v.SkillPoints, SharedSkills: v.SharedSkills}
}

// applicationResponse is an application: to the enterprise only what the student shared.
type applicationResponse struct {
	ID            int64                    `json:"id"`
	NeedID        int64                    `json:"need_id"`
	NeedTitle     string                   `json:"need_title"`
	NeedKind      models.TalentNeedKind    `json:"need_kind"`
	NeedStatus    string                   `json:"need_status"`
	EmployerName  string                   `json:"employer_name"`
	EmployerEn    string                   `json:"employer_name_en"`
	Share         shareRequest             `json:"share"`
	Name          string                   `json:"name"`
	Email         string                   `json:"email"`
	StudentNumber string                   `json:"student_number"`
	School        string                   `json:"school"`
	SchoolEn      string                   `json:"school_en"`
	Statement     string                   `json:"statement"`
	Status        models.ApplicationStatus `json:"status"`
	CreatedAt     string                   `json:"created_at"`
	Actions       []string                 `json:"actions"`
}

func toApplication(v talent.ApplicantView) applicationResponse {
	return applicationResponse{ID: v.ID, NeedID: v.NeedID, NeedTitle: v.NeedTitle, NeedKind: v.NeedKind, NeedStatus: v.NeedStatus,
		EmployerName: v.EmployerName, EmployerEn: v.EmployerEn,
		Share: shareRequest{Name: v.Share.Name, Email: v.Share.Email, StudentNumber: v.Share.StudentNumber, School: v.Share.School},
		Name:  v.Name, Email: v.Email, StudentNumber: v.Number, School: v.School, SchoolEn: v.SchoolEn, Statement: v.Statement,
		Status: v.Status, CreatedAt: v.CreatedAt, Actions: v.Actions}
}

type talentFiguresResponse struct {
	ClusterID       int64  `json:"cluster_id,omitempty"`
	ClusterName     string `json:"cluster_name,omitempty"`
	ClusterNameEn   string `json:"cluster_name_en,omitempty"`
	NeedsPosted     int64  `json:"needs_posted"`
	NeedsFilled     int64  `json:"needs_filled"`
	HeadcountWanted int64  `json:"headcount_wanted"`
	HeadcountFilled int64  `json:"headcount_filled"`
	Applications    int64  `json:"applications"`
}

func toTalentFigures(f models.TalentClusterFigures) talentFiguresResponse {
	return talentFiguresResponse{ClusterID: f.ClusterID, ClusterName: f.ClusterName, ClusterNameEn: f.ClusterNameEn, NeedsPosted: f.NeedsPosted,
		NeedsFilled: f.NeedsFilled, HeadcountWanted: f.HeadcountWanted, HeadcountFilled: f.HeadcountFilled, Applications: f.Applications}
}

type talentSummaryResponse struct {
	From         string                  `json:"from"`
	To           string                  `json:"to"`
	ConsortiumID *int64                  `json:"consortium_id"`
	Total        talentFiguresResponse   `json:"total"`
	Clusters     []talentFiguresResponse `json:"clusters"`
}

func (h *Handler) listNeeds(c echo.Context) error {
	q, err := bind[needListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Talent.Needs(c.Request().Context(), actor(c), talent.NeedFilter{Kind: models.TalentNeedKind(q.Kind),
		ClusterID: q.ClusterID, Status: q.Status, Mine: q.Mine, MyClusters: q.MyClusters, Query: q.Query}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toNeed), total))
}

func (h *Handler) createNeed(c echo.Context) error {
	req, err := bind[needRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Talent.CreateNeed(c.Request().Context(), actor(c), talent.NeedInput{Kind: models.TalentNeedKind(req.Kind),
		Title: req.Title, Description: req.Description, ClusterID: req.ClusterID, Skills: req.Skills, Headcount: req.Headcount,
		Place: req.Place, StartsOn: req.StartsOn, EndsOn: req.EndsOn})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toNeed(v))
}

func (h *Handler) getNeed(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Talent.Need(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toNeed(v))
}

func (h *Handler) updateNeed(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[needPatchRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Talent.UpdateNeed(c.Request().Context(), actor(c), id, talent.NeedPatch{Title: req.Title, Description: req.Description,
		Place: req.Place, StartsOn: req.StartsOn, EndsOn: req.EndsOn, ClusterID: req.ClusterID, Skills: req.Skills, Headcount: req.Headcount})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toNeed(v))
}

func (h *Handler) closeNeed(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	// A need the caller cannot see is 404, one they may not close 403, before the body is read.
	if n, err := h.app.Talent.Need(c.Request().Context(), actor(c), id); err != nil {
		return err
	} else if n.Status == models.TalentOpen && !slices.Contains(n.Actions, "close") {
		return core.ErrForbidden
	}
	req, err := bind[needCloseRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Talent.CloseNeed(c.Request().Context(), actor(c), id, talent.CloseInput{Outcome: req.Outcome,
		FilledCount: req.FilledCount, Note: req.Note})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toNeed(v))
}

func (h *Handler) listNeedMatches(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := bind[pageQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Talent.Matches(c.Request().Context(), actor(c), id, q.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toMatch), total))
}

func (h *Handler) listNeedApplications(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := bind[pageQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Talent.Applicants(c.Request().Context(), actor(c), id, q.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toApplication), total))
}

func (h *Handler) applyToNeed(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.app.Talent.Need(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	req, err := bind[applyRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Talent.Apply(c.Request().Context(), actor(c), id, talent.ApplyInput{Statement: req.Statement,
		Share: talent.Share{Name: req.Share.Name, Email: req.Share.Email, StudentNumber: req.Share.StudentNumber, School: req.Share.School}})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toApplication(v))
}

func (h *Handler) listMyApplications(c echo.Context) error {
	q, err := bind[pageQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Talent.MyApplications(c.Request().Context(), actor(c), q.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toApplication), total))
}

// moveApplication takes one action of the applications' table (app/talent).
func (h *Handler) moveApplication(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		v, err := h.app.Talent.MoveApplication(c.Request().Context(), actor(c), id, action)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, toApplication(v))
	}
}

func (h *Handler) listOffers(c echo.Context) error {
	q, err := bind[offerListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Talent.Offers(c.Request().Context(), actor(c), talent.OfferFilter{NeedID: q.NeedID, ClusterID: q.ClusterID,
		Kind: models.TalentOfferKind(q.Kind), Status: q.Status}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toOffer), total))
}

func (h *Handler) createOffer(c echo.Context) error {
	req, err := bind[offerRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Talent.CreateOffer(c.Request().Context(), actor(c), talent.OfferInput{Kind: models.TalentOfferKind(req.Kind),
		NeedID: req.NeedID, FacilityID: req.FacilityID, CourseID: req.CourseID, Title: req.Title, Description: req.Description,
		ClusterID: req.ClusterID, Skills: req.Skills, Headcount: req.Headcount, AvailableOn: req.AvailableOn})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toOffer(v))
}

func (h *Handler) getOffer(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Talent.Offer(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOffer(v))
}

func (h *Handler) closeOffer(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Talent.CloseOffer(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOffer(v))
}

func (h *Handler) getTalentSummary(c echo.Context) error {
	q, err := bind[talentSummaryQuery](h, c)
	if err != nil {
		return err
	}
	s, err := h.app.Talent.Summary(c.Request().Context(), actor(c), talent.SummaryQuery{From: q.From, To: q.To, ConsortiumID: q.ConsortiumID})
	if err != nil {
		return err
	}
	out := talentSummaryResponse{From: s.From, To: s.To, Total: toTalentFigures(s.Total), Clusters: mapSlice(s.Clusters, toTalentFigures)}
	if s.ConsortiumID != 0 {
		out.ConsortiumID = &s.ConsortiumID
	}
	return c.JSON(http.StatusOK, out)
}
