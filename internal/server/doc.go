// Package server assembles relocate's HTTP face: the route table, the
// middleware every request passes (request ID, log line, panic recovery,
// security headers, CORS, language negotiation) and the health checks.
package server
