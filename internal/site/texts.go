package site

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"relocate/internal/lang"
)

//go:embed content/*.md
var textFiles embed.FS

// pageText is the text of a static page in one language, from
// content/<page>.<lang>.md.
type pageText struct {
	Title       string
	Description string
	Body        template.HTML
	// Parts are Body split where a paragraph of its own says {{contact}}:
	// the service's contact card goes between them, taken from its entry
	// in the directory, so no page repeats a phone number.
	Parts []template.HTML
}

// contactMarker is how goldmark renders a paragraph that says {{contact}}.
const contactMarker = "<p>{{contact}}</p>\n"

// ShowsContact reports whether the text has the contact card.
func (t pageText) ShowsContact() bool { return len(t.Parts) > 1 }

// textPages are the pages whose text lives in content/.
var textPages = []kind{kHome, kCompanies, kAbout, kImprint, kPrivacy, kAccessibility}

// loadTexts reads and renders every page text once, at start. The texts are
// ours and reviewed, but still rendered without raw HTML.
func loadTexts() (map[kind]map[lang.Code]pageText, error) {
	md := goldmark.New(goldmark.WithExtensions(extension.Table))
	texts := map[kind]map[lang.Code]pageText{}
	for _, k := range textPages {
		texts[k] = map[lang.Code]pageText{}
		for _, l := range lang.All {
			name := fmt.Sprintf("content/%s.%s.md", k, l)
			data, err := textFiles.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("site: %w", err)
			}
			rest, ok := bytes.CutPrefix(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("+++\n"))
			head, body, ok2 := bytes.Cut(rest, []byte("\n+++\n"))
			if !ok || !ok2 {
				return nil, fmt.Errorf("site: %s: no +++ front matter", name)
			}
			var fm struct{ Title, Description string }
			if _, err := toml.Decode(string(head), &fm); err != nil {
				return nil, fmt.Errorf("site: %s: %w", name, err)
			}
			var out bytes.Buffer
			if err := md.Convert(body, &out); err != nil {
				return nil, fmt.Errorf("site: %s: %w", name, err)
			}
			if fm.Title == "" || strings.TrimSpace(out.String()) == "" {
				return nil, fmt.Errorf("site: %s: title and text are required", name)
			}
			t := pageText{Title: fm.Title, Description: fm.Description, Body: template.HTML(out.String())} //nolint:gosec // our reviewed content, raw HTML dropped by goldmark
			for _, part := range strings.Split(out.String(), contactMarker) {
				if strings.Contains(part, "{{") {
					return nil, fmt.Errorf("site: %s: a placeholder other than {{contact}} on a paragraph of its own", name)
				}
				t.Parts = append(t.Parts, template.HTML(part)) //nolint:gosec // as Body
			}
			if k == kHome && t.ShowsContact() {
				return nil, fmt.Errorf("site: %s: the home page shows no contact card", name)
			}
			texts[k][l] = t
		}
	}
	return texts, nil
}

// staticPage serves a page that is only text: about, imprint, privacy,
// accessibility.
func (s *Site) staticPage(k kind) func(http.ResponseWriter, *http.Request, *view) {
	return func(w http.ResponseWriter, r *http.Request, v *view) {
		t := s.texts[k][v.Lang]
		if t.ShowsContact() {
			var err error
			if v.Contact, err = s.serviceContact(r, v); err != nil {
				s.fail(w, v, err)
				return
			}
		}
		v.Kind, v.Title, v.Description, v.Data = k, t.Title, t.Description, t
		v.staticAlternates(k, "")
		s.render(w, v, "text")
	}
}
