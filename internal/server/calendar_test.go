package server

import "testing"

// TestFeedTokensAreNotLogged: the request log shows a calendar feed's
// path without its token.
func TestFeedTokensAreNotLogged(t *testing.T) {
	for path, want := range map[string]string{
		"/calendar/feeds/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWpr.ics": "/calendar/feeds/…",
		"/calendar/cases/73014444033.ics":                                  "/calendar/cases/73014444033.ics",
		"/de/ratgeber":                                                     "/de/ratgeber",
	} {
		if got := loggedPath(path); got != want {
			t.Errorf("%s logged as %s, want %s", path, got, want)
		}
	}
}
