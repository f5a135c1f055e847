package accounts

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"

	"cqshare/models"
)

// casUserClaim names the CAS user name itself, rather than one of its attributes.
const casUserClaim = "user"

// casResponse is a CAS 3 service validation answer (/p3/serviceValidate). encoding/xml matches
// the elements by their local names, whatever prefix the server gives the CAS namespace.
type casResponse struct {
	XMLName xml.Name `xml:"serviceResponse"`
	Success *struct {
		User       string `xml:"user"`
		Attributes struct {
			Items []struct {
				XMLName xml.Name
				Value   string `xml:",chardata"`
			} `xml:",any"`
		} `xml:"attributes"`
	} `xml:"authenticationSuccess"`
	Failure *struct {
		Code string `xml:"code,attr"`
	} `xml:"authenticationFailure"`
}

// casBase is a CAS server's address, before /login.
func casBase(p models.SSOProvider) string { return strings.TrimSuffix(p.BaseURL, "/") }

// casService is the service URL of a CAS sign-on: the callback carrying the flow's state, which
// CAS sends back with the ticket and which the ticket is checked against.
func (s *Service) casService(providerID int64, state string) string {
	return s.SSOCallbackURL(providerID) + "?state=" + url.QueryEscape(state)
}

// casIdentity checks a service ticket with the CAS server and returns the provider's claim: the
// user name, or one of the attributes released to this service.
func (s *Service) casIdentity(ctx context.Context, p models.SSOProvider, service, ticket string) (ssoIdentity, error) {
	if ticket == "" {
		return ssoIdentity{}, ErrSSOToken
	}
	q := url.Values{"service": {service}, "ticket": {ticket}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, casBase(p)+"/p3/serviceValidate?"+q.Encode(), nil)
	if err != nil {
		return ssoIdentity{}, ErrSSOUnavailable
	}
	res, err := s.sso.http.Do(req)
	if err != nil {
		s.Log.Warn("campus sign-on: CAS unreachable", "provider", p.ID, "err", err)
		return ssoIdentity{}, ErrSSOUnavailable
	}
	defer func() { _ = res.Body.Close() }()
	if res.StatusCode != http.StatusOK {
		s.Log.Warn("campus sign-on: CAS answered", "provider", p.ID, "status", res.StatusCode)
		return ssoIdentity{}, ErrSSOUnavailable
	}
	var cr casResponse
	if err := xml.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&cr); err != nil {
		s.Log.Warn("campus sign-on: CAS answer unreadable", "provider", p.ID, "err", err)
		return ssoIdentity{}, ErrSSOToken
	}
	if cr.Success == nil || cr.Failure != nil {
		code := ""
		if cr.Failure != nil {
			code = cr.Failure.Code
		}
		s.Log.Info("campus sign-on: CAS ticket refused", "provider", p.ID, "code", code)
		return ssoIdentity{}, ErrSSOToken
	}
	if p.Claim == "" || p.Claim == casUserClaim {
		return ssoIdentity{Value: cr.Success.User}, nil
	}
	for _, a := range cr.Success.Attributes.Items {
		if a.XMLName.Local == p.Claim {
			return ssoIdentity{Value: strings.TrimSpace(a.Value)}, nil
		}
	}
	return ssoIdentity{}, ErrSSONoAccount
}
