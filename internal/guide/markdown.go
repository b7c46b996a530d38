package guide

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// markdown renders article bodies to HTML that is safe to embed: goldmark
// drops raw HTML and dangerous URLs, and bluemonday removes whatever else
// is not on its allow-list.
type markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newMarkdown() *markdown {
	policy := bluemonday.UGCPolicy()
	policy.RequireNoFollowOnLinks(false) // our own editors write these links
	policy.RequireNoFollowOnFullyQualifiedLinks(true)
	policy.AddTargetBlankToFullyQualifiedLinks(false)
	return &markdown{
		md:     goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)),
		policy: policy,
	}
}

// HTML renders src (Markdown) to sanitized HTML.
func (m *markdown) HTML(src string) (string, error) {
	var buf bytes.Buffer
	if err := m.md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("guide: render markdown: %w", err)
	}
	return m.policy.Sanitize(buf.String()), nil
}

// guideLink matches a Markdown link to another article: [text](guide:key).
var guideLink = regexp.MustCompile(`\[([^\]]*)\]\(guide:([a-z0-9-]+)(#[A-Za-z0-9_-]+)?\)`)

// rewriteLinks replaces guide:key link targets in src with the paths that
// resolve returns; a link to an article that does not resolve becomes plain
// text, so readers never meet a dead link.
func rewriteLinks(src string, resolve func(key string) (string, bool)) string {
	return guideLink.ReplaceAllStringFunc(src, func(m string) string {
		sub := guideLink.FindStringSubmatch(m)
		path, ok := resolve(sub[2])
		if !ok {
			return sub[1]
		}
		return "[" + sub[1] + "](" + path + sub[3] + ")"
	})
}

// PlainText returns the words of Markdown src without markup, blocks
// separated by newlines: for search excerpts and meta descriptions.
func (m *markdown) PlainText(src string) string {
	source := []byte(src)
	doc := m.md.Parser().Parse(text.NewReader(source))
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(source))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		default:
			if !entering && n.Type() == ast.TypeBlock && b.Len() > 0 {
				b.WriteByte('\n')
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
