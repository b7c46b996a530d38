// Package auth signs staff in and out and manages their accounts.
// Passwords are kept as argon2id hashes; sessions are opaque random tokens
// of which only a SHA-256 hash is stored, so a stolen database holds no
// usable token. Failed sign-ins are throttled per account and address, per
// address, and per account from all addresses (except the account's usual
// ones), so guessing is slowed down without letting anyone lock an owner
// out; the answer never tells whether an address has an account.
package auth
