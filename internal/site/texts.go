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
}

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
			texts[k][l] = pageText{Title: fm.Title, Description: fm.Description, Body: template.HTML(out.String())} //nolint:gosec // our reviewed content, raw HTML dropped by goldmark
		}
	}
	return texts, nil
}

// staticPage serves a page that is only text: about, imprint, privacy,
// accessibility.
func (s *Site) staticPage(k kind) func(http.ResponseWriter, *http.Request, *view) {
	return func(w http.ResponseWriter, r *http.Request, v *view) {
		t := s.texts[k][v.Lang]
		v.Kind, v.Title, v.Description, v.Data = k, t.Title, t.Description, t
		v.staticAlternates(k, "")
		s.render(w, v, "text")
	}
}
