package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"cqshare/app/booking"
)

// signinQRCode serves the QR code of the sign-in link of a session's meeting under way (SVG),
// for the projector's sign-in screen: the same people and the same refusals as the code itself.
// It changes every minute with the code, so it is never cached.
func (h *Handler) signinQRCode(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	sc, err := h.app.Training.CurrentSigninCode(c.Request().Context(), actor(c), id, h.app.Config().PublicURL)
	if err != nil {
		return err
	}
	return qrCode(c, sc.URL, "no-store")
}

// certificateQRCode serves the QR code of a certificate's public verification page (SVG), for
// the printed certificate; whoever may read the certificate may have it.
func (h *Handler) certificateQRCode(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Training.Certificate(c.Request().Context(), actor(c), id, h.app.Config().PublicURL)
	if err != nil {
		return err
	}
	return qrCode(c, v.VerifyURL, "private, max-age=86400")
}

// qrCode answers the QR code of an address with the caching given.
func qrCode(c echo.Context, url, cache string) error {
	code, err := booking.QRCodeSVG(url)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, cache)
	return c.Blob(http.StatusOK, "image/svg+xml", []byte(code))
}
