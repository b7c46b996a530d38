// Package site is the public website of the Relocation Service: the welcome
// guide, the local directory, the glossary, pages for companies and the
// project, and the inquiry forms, server-rendered in German, Latvian,
// Russian and English. It reads and writes through the same services as the
// GraphQL API (internal/guide, internal/inquiry); no query or rule exists
// twice. Pages work without JavaScript and without third-party requests.
package site
