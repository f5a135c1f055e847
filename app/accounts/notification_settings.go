package accounts

import (
	"context"
	"slices"

	"cqshare/app/core"
	"cqshare/models"
)

// NotificationSettings are how a user hears of what happens: the language of their e-mails and,
// per notification kind, whether it comes by e-mail too (every kind is in the in-app list).
type NotificationSettings struct {
	Language core.Lang
	Kinds    []KindSetting // every kind of core.NotificationKinds, in its order
}

// KindSetting is a user's e-mail switch of one notification kind.
type KindSetting struct {
	Kind  string
	Email bool
}

// NotificationSettings returns the actor's settings, listing every kind.
func (s *Service) NotificationSettings(ctx context.Context, ac core.Actor) (NotificationSettings, error) {
	if ac.UserID == 0 {
		return NotificationSettings{}, core.ErrUnauthenticated
	}
	u, err := s.DB.UserByID(ctx, ac.UserID)
	if err != nil {
		return NotificationSettings{}, core.NotFound(err)
	}
	rows, err := s.DB.UserNotificationSettings(ctx, ac.UserID)
	if err != nil {
		return NotificationSettings{}, err
	}
	out := NotificationSettings{Language: core.LangOf(u.Language), Kinds: make([]KindSetting, len(core.NotificationKinds))}
	for i, kind := range core.NotificationKinds {
		out.Kinds[i] = KindSetting{Kind: kind, Email: true}
		if j := slices.IndexFunc(rows, func(r models.NotificationSetting) bool { return r.Kind == kind }); j >= 0 {
			out.Kinds[i].Email = rows[j].Email
		}
	}
	return out, nil
}

// SetNotificationSettings sets the actor's language and the e-mail switches of the kinds given
// (the others keep theirs) and returns the settings. An unknown language or kind is a 422.
func (s *Service) SetNotificationSettings(ctx context.Context, ac core.Actor, in NotificationSettings) (NotificationSettings, error) {
	if ac.UserID == 0 {
		return NotificationSettings{}, core.ErrUnauthenticated
	}
	fields := map[string]core.Text{}
	if !slices.Contains(core.Langs, in.Language) {
		fields["language"] = core.T("field.choose")
	}
	rows := make([]models.NotificationSetting, 0, len(in.Kinds))
	for _, k := range in.Kinds {
		if !slices.Contains(core.NotificationKinds, k.Kind) {
			fields["kinds"] = core.T("notifications.unknown_kind", "kind", k.Kind)
			continue
		}
		rows = append(rows, models.NotificationSetting{UserID: ac.UserID, Kind: k.Kind, Email: k.Email})
	}
	if len(fields) > 0 {
		return NotificationSettings{}, core.ValidationError(fields)
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.SetUserLanguage(ctx, ac.UserID, string(in.Language), s.Now()); err != nil {
			return err
		}
		return s.DB.SaveNotificationSettings(ctx, rows)
	})
	if err != nil {
		return NotificationSettings{}, err
	}
	return s.NotificationSettings(ctx, ac)
}
