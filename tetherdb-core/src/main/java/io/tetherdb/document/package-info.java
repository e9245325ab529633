/**
 * Documents: the {@link io.tetherdb.document.Document} map, relaxed JSON reading and writing, and
 * the compact binary codec documents are stored in.
 */
package io.tetherdb.document;
