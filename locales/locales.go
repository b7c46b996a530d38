// Package locales holds the interface and error messages of relocate in
// German, Latvian, Russian and English (active.<lang>.toml, go-i18n format)
// and the Catalog that renders them.
package locales

import (
	"embed"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"relocate/internal/lang"
)

//go:embed active.*.toml
var files embed.FS

// Catalog renders messages in the content languages.
type Catalog struct {
	localizers map[lang.Code]*i18n.Localizer
	messages   map[lang.Code][]*i18n.Message
	plural     map[string]bool // IDs of messages with plural forms
}

// Load parses the embedded message files.
func Load() (*Catalog, error) {
	b := i18n.NewBundle(lang.Source.Tag())
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{localizers: map[lang.Code]*i18n.Localizer{}, messages: map[lang.Code][]*i18n.Message{}, plural: map[string]bool{}}
	for _, l := range lang.All {
		f, err := b.LoadMessageFileFS(files, "active."+string(l)+".toml")
		if err != nil {
			return nil, fmt.Errorf("locales: load %s: %w", l, err)
		}
		c.messages[l] = f.Messages
		for _, m := range f.Messages {
			if m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != "" {
				c.plural[m.ID] = true
			}
		}
		// Only the language itself: a missing message is a bug the
		// catalog test catches, not something to hide behind German.
		c.localizers[l] = i18n.NewLocalizer(b, string(l))
	}
	return c, nil
}

// Messages returns the messages defined for language l.
func (c *Catalog) Messages(l lang.Code) []*i18n.Message { return c.messages[l] }

// T renders message id in language l with data. A message with plural
// forms (CLDR rules of l) takes its count from data["Count"]. Unknown IDs render as the ID
// itself, so a missing translation is visible rather than blank.
func (c *Catalog) T(l lang.Code, id string, data map[string]any) string {
	loc, ok := c.localizers[l]
	if !ok {
		loc = c.localizers[lang.Source]
	}
	data = c.expand(l, data)
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok && c.plural[id] {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// MessageIDs is a template value that names messages: it is shown as
// their texts in the message's language, joined by commas ("Aufnahme,
// Ruhend" for the statuses a case may move to).
type MessageIDs []string

// expand renders the MessageIDs values of data in language l.
func (c *Catalog) expand(l lang.Code, data map[string]any) map[string]any {
	var out map[string]any
	for k, v := range data {
		ids, ok := v.(MessageIDs)
		if !ok {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(data))
			for k2, v2 := range data {
				out[k2] = v2
			}
		}
		texts := make([]string, len(ids))
		for i, id := range ids {
			texts[i] = c.T(l, id, nil)
		}
		out[k] = strings.Join(texts, ", ")
	}
	if out == nil {
		return data
	}
	return out
}
