package guide

import "relocate/internal/paging"

// Page is the Relay paging arguments of a connection.
type Page = paging.Page
