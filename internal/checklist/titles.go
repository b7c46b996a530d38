package checklist

import (
	"context"
	"fmt"

	"relocate/ent"
	"relocate/ent/checklistitemtranslation"
	"relocate/internal/lang"
)

// titleIn returns the title of rows in the first language of chain that
// has one, and that language; "" when none has.
func titleIn(rows []*ent.ChecklistItemTranslation, chain []lang.Code) (string, lang.Code) {
	for _, want := range chain {
		for _, r := range rows {
			if r.Language == want {
				return r.Title, r.Language
			}
		}
	}
	return "", ""
}

// ItemTitle returns the title of step it in the language of ctx (or the
// next of its fallbacks that has one) and that language.
func (s *Service) ItemTitle(ctx context.Context, it *ent.ChecklistItem) (string, lang.Code, error) {
	rows, err := it.Edges.TranslationsOrErr()
	if err != nil {
		if rows, err = s.titlesOf(ctx, it.ID); err != nil {
			return "", "", err
		}
	}
	title, l := titleIn(rows, lang.FromContext(ctx).Chain)
	return title, l, nil
}

// ItemTitles returns the titles of step it in every language it has, in
// the order of lang.All.
func (s *Service) ItemTitles(ctx context.Context, it *ent.ChecklistItem) ([]*ent.ChecklistItemTranslation, error) {
	rows, err := it.Edges.TranslationsOrErr()
	if err != nil {
		if rows, err = s.titlesOf(ctx, it.ID); err != nil {
			return nil, err
		}
	}
	var out []*ent.ChecklistItemTranslation
	for _, l := range lang.All {
		for _, r := range rows {
			if r.Language == l {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// TaskTitle returns the title of task t as the reader in ctx reads it: a
// task made of a checklist step is titled by the step in the language of
// ctx; a task written by hand, or retitled by hand (its own title is no
// longer the step's German one), keeps its own.
func (s *Service) TaskTitle(ctx context.Context, t *ent.Task) (string, error) {
	if t.ChecklistItemID == nil {
		return t.Title, nil
	}
	var rows []*ent.ChecklistItemTranslation
	loaded := false
	if it, err := t.Edges.ChecklistItemOrErr(); err == nil {
		rows, err = it.Edges.TranslationsOrErr()
		loaded = err == nil
	}
	if !loaded {
		var err error
		if rows, err = s.titlesOf(ctx, *t.ChecklistItemID); err != nil {
			return "", err
		}
	}
	// Retitled by hand: its own title, as for a task written by hand.
	if de, _ := titleIn(rows, []lang.Code{lang.Source}); de != "" && de != t.Title {
		return t.Title, nil
	}
	if title, _ := titleIn(rows, lang.FromContext(ctx).Chain); title != "" {
		return title, nil
	}
	return t.Title, nil
}

// titlesOf loads the titles of step id.
func (s *Service) titlesOf(ctx context.Context, id int) ([]*ent.ChecklistItemTranslation, error) {
	rows, err := s.ent(ctx).ChecklistItemTranslation.Query().Where(checklistitemtranslation.ItemID(id)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("checklist: titles of step %d: %w", id, err)
	}
	return rows, nil
}
