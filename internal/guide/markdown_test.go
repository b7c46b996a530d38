package guide

import (
	"strings"
	"testing"
)

func TestImagesFromOtherServersBecomeLinks(t *testing.T) {
	m := newMarkdown()
	for _, tc := range []struct {
		name, src string
		want      []string // in the HTML
		not       []string // never in the HTML
	}{
		{"tracking pixel", `![](https://tracker.example/p.gif)`,
			[]string{`<a href="https://tracker.example/p.gif" rel="nofollow">https://tracker.example/p.gif</a>`}, []string{"<img"}},
		{"described image", `Look: ![Map of the office](http://maps.example/office.png "Office")`,
			[]string{`<a href="http://maps.example/office.png" title="Office" rel="nofollow">Map of the office</a>`}, []string{"<img"}},
		{"protocol-relative", `![x](//tracker.example/p.gif)`, nil, []string{"<img"}},
		{"backslash host", `![x](/\tracker.example/p.gif)`, nil, []string{"<img"}},
		{"reference image", "![pixel][p]\n\n[p]: https://tracker.example/p.gif", []string{`>pixel</a>`}, []string{"<img"}},
		{"image in a link", `[![logo](https://cdn.example/logo.png)](https://example.org)`, []string{`>logo</a>`}, []string{"<img"}},
		{"raw HTML image", `<img src="https://tracker.example/p.gif">`, nil, []string{"<img", "tracker"}},
		{"own image", `![EU flag](/static/eu-flag.svg)`, []string{`<img src="/static/eu-flag.svg" alt="EU flag">`}, nil},
	} {
		got, err := m.HTML(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %s lacks %s", tc.name, got, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: %s contains %s", tc.name, got, n)
			}
		}
	}
	// The sanitizer holds even for HTML the renderer did not make.
	if got := m.policy.Sanitize(`<img src="https://tracker.example/p.gif" alt="x"><img src="/static/a.png">`); strings.Contains(got, "tracker") || strings.Contains(got, "//") || !strings.Contains(got, `src="/static/a.png"`) {
		t.Errorf("sanitizer: %s", got)
	}
}
