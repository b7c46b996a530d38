package model

import (
	"time"

	"relocate/ent"
)

// LoginPayload answers a sign-in.
type LoginPayload struct {
	Token     *string
	ExpiresAt time.Time
	Viewer    *ent.User
}
