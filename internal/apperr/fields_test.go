package apperr_test

import (
	"errors"
	"slices"
	"testing"

	"relocate/internal/apperr"
)

func TestFieldsReportEveryWrongField(t *testing.T) {
	tooLong := apperr.Invalid("error.field.too_long", map[string]any{"Max": 250})
	var hours apperr.Fields
	hours.Check("[2].closes", apperr.Invalid("error.field.time", nil))
	hours.Check("[0].day", apperr.Invalid("error.field.weekday", nil))

	var f apperr.Fields
	f.Check("title", nil)
	f.Check("summary", tooLong)
	f.Check("openingHours", hours.Err())
	f.Check("body", errors.New("something else"))

	var got []string
	for _, x := range f {
		got = append(got, x.Path+" "+x.MessageID)
	}
	want := []string{"summary error.field.too_long", "openingHours[2].closes error.field.time",
		"openingHours[0].day error.field.weekday", "body error.field.invalid"}
	if !slices.Equal(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
	e, ok := apperr.As(f.Err())
	if !ok || e.Code != apperr.BadUserInput || e.MessageID != "error.invalid_fields" || e.Data["Count"] != 4 {
		t.Errorf("error %+v", e)
	}

	// One wrong field: the error says what is wrong with it.
	one := apperr.OnField("slug", tooLong)
	if e, _ := apperr.As(one); e.MessageID != "error.field.too_long" || len(e.Fields) != 1 || e.Fields[0].Path != "slug" {
		t.Errorf("one field: %+v", e)
	}
	if !errors.Is(one, tooLong) {
		t.Error("the cause is lost")
	}
	if (apperr.Fields{}).Err() != nil {
		t.Error("no wrong field is an error")
	}
}
