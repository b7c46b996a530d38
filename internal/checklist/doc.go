// Package checklist turns the checklist templates (the steps of each
// support-need topic, in four languages, loaded from
// internal/seed/content/checklists.toml and edited by administrators) into
// the tasks of cases.
//
// When a case gets a support need — opened with it, updated to include it,
// converted from an inquiry — a hook on every change of a case, running in
// the change's own transaction, makes one task of each step of that topic
// that is not archived, once per case and step: a need removed and added
// again makes no second set, and its tasks stay as they are. A task is due
// the step's number of days after the anchor date (the arrival, or the
// first working day; each stands in for the other while it is unknown; no
// due date while neither is). When the arrival or the first working day is
// recorded or changed, the open tasks of steps are dated anew, except those
// whose due date someone changed by hand.
//
// A task made of a step is titled by the step in the language of the
// operation (a caseworker reads German, the newcomer Latvian of the same
// task); a task written by hand keeps its title.
package checklist
