// Package agenda is the dated side of case management: appointments
// (scheduled and cancelled, each with its timeline entry) and the
// caseworker's start page — the open cases, overdue tasks and upcoming
// appointments of one user, scoped like every other read by the ent rules.
package agenda
