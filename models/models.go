package models

// All lists one value of every model, for the test that checks the models against the migrated
// schema. A new table needs its model here.
func All() []any {
	return []any{
		&User{}, &Session{},
		&IndustryCluster{}, &Organization{}, &Consortium{}, &ConsortiumMember{}, &ConsortiumCluster{},
		&Facility{}, &FacilityManager{}, &Resource{}, &Blackout{}, &Qualification{}, &UserQualification{},
		&AuditLog{}, &JobRun{}, &JobLock{},
		&Booking{}, &BookingClaim{}, &Recurrence{}, &CreditEvent{},
		&SlotWatch{}, &DeviceToken{}, &UsageRecord{}, &Notification{}, &CalendarFeed{},
		&Course{}, &CoursePrerequisite{}, &CourseSession{}, &CourseSessionOrg{}, &SessionMeeting{},
		&Enrollment{}, &AttendanceMark{}, &Certificate{},
		&Email{}, &EmailAttachment{}, &NotificationSetting{},
		&ServiceOffering{}, &ServiceOfferingResource{}, &ServiceRequest{}, &ServiceQuote{}, &ServiceRequestEvent{},
		&ServiceMessage{}, &ServiceMessageRead{}, &ServiceAttachment{}, &ServiceRating{},
		&Charge{}, &BillingStatement{},
		&ReportOpenDay{}, &ReportResourceDay{}, &ReportUserDay{}, &ReportDirtyDay{}, &ReportRollup{}, &ReportMailing{},
		&LeagueWeights{}, &LeagueResult{},
		&SSOProvider{}, &SSOFlow{},
		&GovernanceSeat{}, &ConsortiumCharter{}, &ConsortiumGoal{},
		&TalentNeed{}, &TalentNeedSkill{}, &TalentOffer{}, &TalentOfferSkill{}, &TalentApplication{},
		&ImportRun{},
	}
}
