/**
 * The HTTP side shared by every endpoint and page: request limits, security headers, request
 * parameters as value types, and the translation of errors into RFC 9457 problem details.
 */
package io.tetherdb.sample.web;
