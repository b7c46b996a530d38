package schematype

import (
	"fmt"
	"io"
	"strconv"
)

// Status is where a piece of content stands in the editorial workflow.
// Public readers only ever see Published content.
type Status string

// The publication states.
const (
	Draft     Status = "DRAFT"
	Published Status = "PUBLISHED"
	Archived  Status = "ARCHIVED"
)

// Values lists the stored values; ent uses it for enum columns.
func (Status) Values() []string {
	return []string{string(Draft), string(Published), string(Archived)}
}

// MarshalGQL writes s as a PublicationStatus enum value.
func (s Status) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads a PublicationStatus enum value.
func (s *Status) UnmarshalGQL(v any) error {
	str, ok := v.(string)
	if !ok {
		return fmt.Errorf("schematype: status must be a string, got %T", v)
	}
	switch Status(str) {
	case Draft, Published, Archived:
		*s = Status(str)
		return nil
	}
	return fmt.Errorf("schematype: unknown status %q", str)
}
