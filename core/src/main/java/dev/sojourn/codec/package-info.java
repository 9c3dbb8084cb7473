/**
 * The attribute codec: how attribute values cross a store boundary as bytes. {@link
 * dev.sojourn.codec.AttributeCodec} handles the default value types and any type registered with a
 * {@link dev.sojourn.codec.ValueCodec}. There is no Java native serialization here, by design.
 */
@NullMarked
package dev.sojourn.codec;

import org.jspecify.annotations.NullMarked;
