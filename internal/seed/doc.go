// Package seed loads the demo content of the welcome guide: the topics,
// articles, places and glossary terms kept as reviewable files in content/
// (see content/README.md), embedded into the binary. Load runs in one
// transaction and is idempotent: loading twice changes nothing.
package seed
