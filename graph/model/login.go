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
	// FailedAttempts counts the failed and refused sign-ins to the
	// account since its previous sign-in.
	FailedAttempts int
}
