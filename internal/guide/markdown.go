package guide

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
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
	// Images only from this site: an image from another server tells it
	// who reads what (a tracking pixel), in the site and in every app
	// that shows bodyHtml.
	policy.RewriteSrc(func(u *url.URL) {
		if u != nil && !localImage.MatchString(u.String()) {
			*u = url.URL{} // an empty src loads nothing
		}
	})
	return &markdown{
		md: goldmark.New(
			goldmark.WithExtensions(extension.Table, extension.Strikethrough),
			goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(externalImages{}, 100))),
		),
		policy: policy,
	}
}

// localImage matches image sources on this site: paths from its root.
// "//host/…" and "/\host/…" lead to other servers.
var localImage = regexp.MustCompile(`^/[^/\\]`)

// externalImages turns images from other servers into links to them,
// named by the image's description (or its address): the reader can still
// open the image, and no server learns of a reader who does not.
type externalImages struct{}

func (externalImages) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && !localImage.Match(img.Destination) {
			images = append(images, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		var alt []ast.Node
		for c := img.FirstChild(); c != nil; c = c.NextSibling() {
			alt = append(alt, c)
		}
		for _, c := range alt {
			link.AppendChild(link, c)
		}
		if len(alt) == 0 {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
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
