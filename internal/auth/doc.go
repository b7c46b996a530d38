// Package auth signs staff in and out and manages their accounts.
// Passwords are kept as argon2id hashes; sessions are opaque random tokens
// of which only a SHA-256 hash is stored, so a stolen database holds no
// usable token. Failed sign-ins are throttled per account and per address,
// and the answer never tells whether an address has an account.
package auth
