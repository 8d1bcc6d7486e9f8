package checks

import "time"

// Stage is how far a failed HTTP request got. It tells apart failures the
// error class alone does not: a timeout while connecting (nothing answers
// the SYN: a firewall, a dead host), during the TLS handshake (the server
// took the connection but its handshake never arrived: a hung server, or
// a path that drops large packets) and after the request was sent (the
// server is slow to answer, or its answer is too large for the path).
type Stage string

// Stages of a failed request.
const (
	StageConnect Stage = "connect" // the TCP handshake did not complete
	StageTLS     Stage = "tls"     // connected; the TLS handshake did not complete
	StageWaiting Stage = "waiting" // the request was sent; no byte of the answer came
)

// failedStage works out the stage from the trace's marks. Waited is the
// time since the request was written, for StageWaiting.
func failedStage(connStart, tlsStart, wrote time.Time, connDone, tlsDone bool) (Stage, time.Duration) {
	switch {
	case !wrote.IsZero():
		return StageWaiting, time.Since(wrote)
	case !tlsStart.IsZero() && !tlsDone:
		return StageTLS, 0
	case !connStart.IsZero() && !connDone:
		return StageConnect, 0
	case connDone && (tlsStart.IsZero() || tlsDone):
		// Connected (and shaken hands) but the request never went out:
		// still past the handshake, so as good as waiting.
		return StageWaiting, 0
	}
	return "", 0
}
