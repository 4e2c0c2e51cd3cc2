package heistwatch

import (
	"errors"
	"fmt"
)

// Code classifies an error so the CLI can pick an exit code and the HTTP
// server a status, without either knowing where the error came from.
type Code string

// Error codes, with the HTTP status and CLI exit code each maps to.
const (
	CodeInvalid      Code = "invalid"      // 400, exit 2
	CodeNotFound     Code = "not_found"    // 404, exit 3
	CodeConflict     Code = "conflict"     // 409, exit 4: stale version, lease held, duplicate
	CodeUnauthorized Code = "unauthorized" // 401/403, exit 5
	CodeInternal     Code = "internal"     // 500, exit 1
)

// Error is an error a user may see: its Message is safe to show.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf builds a coded error with a formatted message.
func Errorf(code Code, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Sentinels for errors.Is; stores wrap them with context.
var (
	ErrNotFound = &Error{Code: CodeNotFound, Message: "not found"}
	ErrConflict = &Error{Code: CodeConflict, Message: "conflict: changed by someone else"}
)

// Is lets errors.Is(err, ErrNotFound) match any error of the same code.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code && (t == ErrNotFound || t == ErrConflict)
}

// ErrorCode returns the code of the first coded error in err's chain, or
// CodeInternal.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}
