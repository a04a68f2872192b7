/** Users' Gemini credentials (web cookies and API keys): encrypted at rest, validated, rotated, and watched for expiry. */
@NullMarked
package app.atelier.credentials;

import org.jspecify.annotations.NullMarked;
