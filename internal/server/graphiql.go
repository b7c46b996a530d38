package server

import (
	"compress/gzip"
	"embed"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed graphiql/*.html graphiql/*.js graphiql/*.css graphiql/*.gz
var graphiqlFiles embed.FS

// serveGraphiQL answers a browser opening /graphql with GraphiQL.
func serveGraphiQL(w http.ResponseWriter, r *http.Request) {
	page, err := graphiqlFiles.ReadFile("graphiql/index.html")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(page)
}

// graphiqlAssets serves GraphiQL's scripts and styles; the large ones are
// stored gzipped and sent as they are to clients that accept gzip.
func graphiqlAssets() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Base(r.URL.Path)
		w.Header().Set("Cache-Control", "public, max-age=86400")
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		if data, err := graphiqlFiles.ReadFile("graphiql/" + name); err == nil {
			_, _ = w.Write(data)
			return
		}
		gz, err := graphiqlFiles.Open("graphiql/" + name + ".gz")
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer gz.Close()
		w.Header().Add("Vary", "Accept-Encoding")
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = io.Copy(w, gz)
			return
		}
		zr, err := gzip.NewReader(gz)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_, _ = io.Copy(w, zr)
	})
}
