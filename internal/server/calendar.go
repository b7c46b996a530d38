package server

import "strings"

// feedPrefix starts the paths of calendar feeds, whose last segment is a
// secret token.
const feedPrefix = "/calendar/feeds/"

// loggedPath is path as the request log may show it: without the token
// of a calendar feed.
func loggedPath(path string) string {
	if strings.HasPrefix(path, feedPrefix) {
		return feedPrefix + "…"
	}
	return path
}
