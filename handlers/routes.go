package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"cqshare/app/core"
	"cqshare/app/services"
	"cqshare/app/talent"
	"cqshare/models"
)

// routes lists every route of the server.
func (h *Handler) routes(e *echo.Echo) {
	// Routes of one role are refused to the others before their body is read; the services
	// still decide the scope (which facility, which user).
	admins := requireRole(models.RoleAdmin)
	consortiumAdmins := requireRole(models.RoleAdmin, models.RoleConsortiumAdmin)
	managers := requireRole(models.RoleAdmin, models.RoleConsortiumAdmin, models.RoleManager)
	teaching := requireRole(models.RoleAdmin, models.RoleConsortiumAdmin, models.RoleManager, models.RoleInstructor)
	smes := requireRole(models.RoleSME)

	e.GET("/healthz", h.healthz)
	e.GET("/readyz", h.readyz)
	e.GET("/metrics", h.metrics.apiPortHandler(h.app.Config().MetricsAddr != "")) // see metrics.go
	e.GET("/api/openapi.json", h.openAPIDocument)
	e.GET("/api/docs", h.openAPIDocs)

	v1 := e.Group("/api/v1")
	v1.GET("/settings", h.settings)
	v1.POST("/auth/register", h.register, noStore)
	v1.POST("/auth/login", h.login, noStore)

	auth := v1.Group("", noStore, h.authenticate)
	auth.POST("/auth/logout", h.logout)
	auth.GET("/me", h.me)
	auth.POST("/me/password", h.changePassword)
	auth.GET("/me/personal-data", h.myPersonalData)

	// Catalog.
	auth.GET("/clusters", h.listClusters)
	auth.POST("/clusters", h.createCluster, admins)
	auth.PATCH("/clusters/:id", h.updateCluster, admins)
	auth.GET("/organizations", h.listOrganizations)
	auth.POST("/organizations", h.createOrganization, admins)
	auth.GET("/organizations/:id", h.getOrganization)
	auth.PATCH("/organizations/:id", h.updateOrganization, admins)
	auth.GET("/consortia", h.listConsortia)
	auth.POST("/consortia", h.createConsortium, admins)
	auth.GET("/consortia/:id", h.getConsortium)
	auth.PATCH("/consortia/:id", h.updateConsortium, consortiumAdmins)
	auth.DELETE("/consortia/:id", h.deleteConsortium, admins)
	auth.PUT("/consortia/:id/members/:organization_id", h.setConsortiumMember, consortiumAdmins)
	auth.DELETE("/consortia/:id/members/:organization_id", h.removeConsortiumMember, consortiumAdmins)
	auth.GET("/facilities", h.listFacilities)
	auth.POST("/facilities", h.createFacility, consortiumAdmins)
	auth.GET("/facilities/:id", h.getFacility)
	auth.PATCH("/facilities/:id", h.updateFacility, managers)
	auth.DELETE("/facilities/:id", h.deleteFacility, consortiumAdmins)
	auth.GET("/facilities/:id/blackouts", h.listBlackouts("facility"))
	auth.POST("/facilities/:id/blackouts", h.createBlackout, managers)
	auth.DELETE("/blackouts/:id", h.deleteBlackout, managers)
	auth.GET("/resources", h.listResources)
	auth.POST("/resources", h.createResource, managers)
	auth.GET("/resources/:id", h.getResource)
	auth.PATCH("/resources/:id", h.updateResource, managers)
	auth.GET("/resources/:id/blackouts", h.listBlackouts("resource"))
	auth.GET("/resource-categories", h.listResourceCategories)
	auth.GET("/qualifications", h.listQualifications)
	auth.POST("/qualifications", h.createQualification, managers)
	auth.PATCH("/qualifications/:id", h.updateQualification, managers)
	auth.GET("/users/:id/qualifications", h.listUserQualifications)
	auth.POST("/users/:id/qualifications", h.grantQualification, managers)
	auth.DELETE("/users/:id/qualifications/:qualification_id", h.revokeQualification, managers)

	// Bookings.
	auth.GET("/resources/:id/availability", h.availability)
	auth.GET("/resources/:id/quote", h.quoteBooking)
	auth.GET("/facilities/:id/schedule", h.facilitySchedule)
	auth.GET("/bookings", h.listBookings)
	auth.POST("/bookings", h.createBooking)
	auth.GET("/bookings/:id", h.getBooking)
	auth.POST("/bookings/:id/cancel", h.cancelBooking)
	auth.POST("/bookings/:id/approve", h.approveBooking, managers)
	auth.POST("/bookings/:id/reject", h.rejectBooking, managers)
	auth.POST("/bookings/:id/check-in", h.checkIn)
	auth.POST("/bookings/:id/check-out", h.checkOut)
	auth.GET("/me/credit", h.myCredit)
	auth.GET("/users/:id/credit", h.userCredit, managers)
	auth.POST("/users/:id/credit/clear", h.clearCredit, managers)

	// Booking extras.
	auth.POST("/bookings/recurring", h.createRecurringBooking)
	auth.GET("/recurrences/:id", h.getRecurrence)
	auth.POST("/recurrences/:id/cancel", h.cancelRecurrence)
	auth.POST("/bookings/:id/confirm-hold", h.confirmHold)
	auth.GET("/bookings/:id/ical", h.bookingICal)
	auth.HEAD("/bookings/:id/ical", h.bookingICal)
	auth.POST("/me/calendar-token", h.rotateCalendarToken)
	v1.GET("/calendar/:feed", h.calendarFeed) // the secret token in the URL is the authentication
	v1.HEAD("/calendar/:feed", h.calendarFeed)
	auth.POST("/resources/:id/watches", h.createWatch)
	auth.GET("/me/watches", h.listMyWatches)
	auth.DELETE("/watches/:id", h.deleteWatch)
	auth.GET("/me/notifications", h.listMyNotifications)
	auth.POST("/notifications/read-all", h.readAllNotifications)
	auth.POST("/notifications/:id/read", h.readNotification)
	auth.GET("/me/notification-settings", h.getNotificationSettings)
	auth.PUT("/me/notification-settings", h.putNotificationSettings)
	auth.GET("/resources/:id/my-current-booking", h.myCurrentBooking)
	auth.POST("/resources/:id/scan", h.scanResource)
	auth.GET("/resources/:id/qr.svg", h.resourceQRCode)
	auth.GET("/resources/:id/device-tokens", h.listDeviceTokens, managers)
	auth.POST("/resources/:id/device-tokens", h.issueDeviceToken, managers)
	auth.DELETE("/device-tokens/:id", h.revokeDeviceToken, managers)
	auth.GET("/resources/:id/usage", h.listUsage, managers)
	v1.POST("/device/usage", h.postUsage) // authenticated by the device token

	// Training: courses, sessions, enrolment and results.
	auth.GET("/courses", h.listCourses)
	auth.POST("/courses", h.createCourse, managers)
	auth.GET("/courses/:id", h.getCourse)
	auth.PATCH("/courses/:id", h.updateCourse, managers)
	auth.GET("/course-sessions", h.listSessions)
	auth.POST("/course-sessions", h.createSession, teaching)
	auth.GET("/course-sessions/:id", h.getSession)
	auth.PATCH("/course-sessions/:id", h.updateSession)
	auth.POST("/course-sessions/:id/cancel", h.cancelSession)
	auth.GET("/course-sessions/:id/enrollments", h.sessionRoster)
	auth.POST("/course-sessions/:id/enrollments", h.enroll)
	auth.GET("/me/enrollments", h.myEnrollments)
	auth.POST("/enrollments/:id/cancel", h.cancelEnrollment)
	auth.POST("/enrollments/:id/move", h.moveEnrollment, managers)
	auth.POST("/enrollments/:id/result", h.markResult, teaching)

	// Training records: attendance, certificates, learning records.
	auth.GET("/course-sessions/:id/signin-code", h.signinCode)
	auth.GET("/course-sessions/:id/signin-qr.svg", h.signinQRCode)
	auth.POST("/signin", h.signInToMeeting, h.limitEach(0.5, 10, byUser)) // a 6-digit code: guesses are slowed per person
	auth.PUT("/enrollments/:id/attendance/:meeting_id", h.setAttendance, teaching)
	auth.GET("/me/certificates", h.listMyCertificates)
	auth.GET("/certificates/:id", h.getCertificate)
	auth.GET("/certificates/:id/qr.svg", h.certificateQRCode)
	auth.POST("/certificates/:id/revoke", h.revokeCertificate, managers)
	v1.GET("/verify/:code", h.verifyCertificate, noStore, h.limitEach(1, 20, byAddress)) // public: anyone checks a certificate
	auth.GET("/me/learning-record", h.myLearningRecord)
	auth.GET("/users/:id/learning-record", h.userLearningRecord)

	// Services: the catalogue of the tech platforms, SMEs' requests and their workflow (scoped in app/services).
	auth.GET("/service-offerings", h.listServiceOfferings)
	auth.POST("/service-offerings", h.createServiceOffering, managers)
	auth.GET("/service-offerings/:id", h.getServiceOffering)
	auth.PATCH("/service-offerings/:id", h.updateServiceOffering, managers)
	auth.GET("/service-requests", h.listServiceRequests)
	auth.POST("/service-requests", h.submitServiceRequest, smes)
	auth.GET("/service-requests/:id", h.getServiceRequest)
	auth.POST("/service-requests/:id/quotes", h.quoteServiceRequest, managers)
	auth.POST("/service-requests/:id/accept", h.moveServiceRequest(services.ActionAccept))
	auth.POST("/service-requests/:id/decline", h.moveServiceRequest(services.ActionDecline))
	auth.POST("/service-requests/:id/reject", h.moveServiceRequest(services.ActionReject))
	auth.POST("/service-requests/:id/cancel", h.moveServiceRequest(services.ActionCancel))
	auth.POST("/service-requests/:id/start", h.moveServiceRequest(services.ActionStart))
	auth.POST("/service-requests/:id/deliver", h.moveServiceRequest(services.ActionDeliver))
	auth.POST("/service-requests/:id/request-revision", h.moveServiceRequest(services.ActionRequestRevision))
	auth.POST("/service-requests/:id/confirm", h.moveServiceRequest(services.ActionConfirm))
	auth.POST("/service-requests/:id/bookings", h.reserveServiceEquipment, managers)
	auth.POST("/service-requests/:id/rating", h.rateServiceRequest, smes)
	auth.POST("/service-requests/:id/rating/reply", h.replyServiceRating, managers)

	// Governance: a consortium's council, secretariat, operating platform, charter and goals
	// (its insiders read, its administrators write; scoped in app/governance).
	auth.GET("/governance", h.listGovernedConsortia)
	auth.GET("/consortia/:id/governance", h.getGovernance)
	auth.PUT("/consortia/:id/charter", h.setCharter, consortiumAdmins)
	auth.POST("/consortia/:id/seats", h.addSeat, consortiumAdmins)
	auth.PUT("/consortia/:id/seats/:seat_id", h.updateSeat, consortiumAdmins)
	auth.DELETE("/consortia/:id/seats/:seat_id", h.removeSeat, consortiumAdmins)
	auth.PUT("/consortia/:id/goals/:year", h.setGoals, consortiumAdmins)

	// Billing: charges, adjustments and monthly statements (scoped in app/billing).
	auth.GET("/billing/statements", h.listStatements)
	auth.GET("/billing/statements/:id", h.getStatement)
	auth.GET("/billing/charges", h.listCharges)
	auth.POST("/billing/adjustments", h.createAdjustment, managers)

	// Service threads: messages and files between an SME and a tech platform (scoped in app/services).
	uploadLimit := h.uploadBodyLimit()
	auth.GET("/service-requests/:id/messages", h.listServiceMessages)
	auth.POST("/service-requests/:id/messages", h.postServiceMessage, uploadLimit)
	auth.POST("/service-requests/:id/attachments", h.uploadServiceAttachments, uploadLimit)
	auth.GET("/service-attachments/:id", h.downloadServiceAttachment)
	auth.GET("/me/service-unread", h.myServiceUnread)

	// Reports: utilization from the nightly rollups (scoped in app/reports).
	auth.GET("/reports/utilization", h.getUtilization)
	// The annual open-sharing report (开放共享年报), scoped as the utilization report.
	auth.GET("/reports/annual", h.getAnnualReport)

	// Report breakdowns: by resource, idle resources, the hour × weekday map (scoped as utilization).
	auth.GET("/reports/resources", h.getReportResources)
	auth.GET("/reports/idle", h.getIdleResources)
	auth.GET("/reports/heatmap", h.getHeatMap)

	// League table (赛马比拼): public, consortia's names and figures only; weights set by admins.
	v1.GET("/league", h.getLeague)
	v1.GET("/league/weights", h.getLeagueWeights)
	auth.PUT("/league/weights", h.setLeagueWeights, admins)

	// Talent board (人才供需信息服务): needs, offers, matches and applications (scoped in app/talent).
	talentOfferers := requireRole(models.RoleTeacher, models.RoleInstructor, models.RoleManager, models.RoleConsortiumAdmin, models.RoleAdmin)
	students := requireRole(models.RoleStudent)
	auth.GET("/talent/needs", h.listNeeds)
	auth.POST("/talent/needs", h.createNeed)
	auth.GET("/talent/needs/:id", h.getNeed)
	auth.PATCH("/talent/needs/:id", h.updateNeed)
	auth.POST("/talent/needs/:id/close", h.closeNeed)
	auth.GET("/talent/needs/:id/matches", h.listNeedMatches)
	auth.GET("/talent/needs/:id/applications", h.listNeedApplications)
	auth.POST("/talent/needs/:id/applications", h.applyToNeed, students)
	auth.GET("/talent/offers", h.listOffers)
	auth.POST("/talent/offers", h.createOffer, talentOfferers)
	auth.GET("/talent/offers/:id", h.getOffer)
	auth.POST("/talent/offers/:id/close", h.closeOffer, talentOfferers)
	auth.GET("/talent/summary", h.getTalentSummary, consortiumAdmins)
	auth.GET("/me/talent-applications", h.listMyApplications, students)
	for _, action := range talent.ApplicationActions {
		auth.POST("/talent-applications/:id/"+action, h.moveApplication(action))
	}

	// Administration.
	auth.GET("/admin/users", h.listUsers, consortiumAdmins)
	auth.POST("/admin/users", h.createUser, consortiumAdmins)
	auth.GET("/admin/users/:id", h.getUser, consortiumAdmins)
	auth.PATCH("/admin/users/:id", h.updateUser, consortiumAdmins)
	auth.POST("/admin/users/:id/approve", h.approveUser, admins)
	auth.POST("/admin/users/:id/reject", h.rejectUser, admins)
	auth.GET("/admin/users/:id/personal-data", h.userPersonalData, admins)
	auth.POST("/admin/users/:id/anonymize", h.anonymizeUser, admins)
	auth.GET("/admin/audit-logs", h.listAuditLogs, admins)
	auth.GET("/admin/retention", h.listRetention, admins)
	auth.GET("/admin/jobs", h.listJobs, admins)
	auth.POST("/admin/jobs/:name/run", h.runJob, admins)

	// Campus sign-on (统一身份认证): the login page's buttons and the round trip through a
	// college's OIDC or CAS provider are public; providers are administered by admins.
	v1.GET("/auth/sso/providers", h.listSSOButtons)
	v1.GET("/auth/sso/:id/start", h.startSSO, noStore)
	v1.GET("/auth/sso/:id/callback", h.ssoCallback, noStore)
	auth.GET("/admin/sso-providers", h.listSSOProviders, admins)
	auth.POST("/admin/sso-providers", h.createSSOProvider, admins)
	auth.PUT("/admin/sso-providers/:id", h.updateSSOProvider, admins)
	auth.DELETE("/admin/sso-providers/:id", h.deleteSSOProvider, admins)

	// Imports: resources, users and rosters, holidays from files; checked, then applied once (scoped in app/imports).
	auth.GET("/imports/templates/:kind", h.getImportTemplate, managers)
	auth.POST("/imports/check", h.checkImport, managers, uploadLimit)
	auth.GET("/imports/:id", h.getImport, managers)
	auth.POST("/imports/:id/apply", h.applyImport, managers, uploadLimit)

	v1.Any("/*", apiFallback(e))
	e.GET("/*", uiHandler(uiFS()))
}

// apiFallback answers what no /api/v1 route takes: a path that exists for other methods is a 405
// listing them in Allow, anything else a 404 (so the web UI's catch-all never answers for the API).
func apiFallback(e *echo.Echo) echo.HandlerFunc {
	return func(c echo.Context) error {
		path := echo.GetPath(c.Request())
		probe := e.NewContext(nil, nil)
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			e.Router().Find(m, path, probe)
			if probe.Path() != c.Path() { // a route of its own, not this fallback
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			return echo.ErrNotFound
		}
		c.Response().Header().Set(echo.HeaderAllow, strings.Join(allow, ", "))
		return echo.ErrMethodNotAllowed
	}
}

// requireRole refuses, with 403, an actor who has none of the roles.
func requireRole(roles ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := core.RequireRole(actor(c), roles...); err != nil {
				return err
			}
			return next(c)
		}
	}
}

// noStore keeps the answers of sign-in and of authenticated routes out of every cache (the
// browser's, a proxy's): they carry tokens and personal data. It runs first, so errors get it too.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		return next(c)
	}
}
