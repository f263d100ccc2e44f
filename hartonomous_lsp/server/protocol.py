"""The JSON-RPC protocol, answering requests that pygls cannot read.

pygls logs a request whose params do not fit the method's type and drops it, so the client
waits for ever. JSON-RPC wants an error response with the request's id (InvalidParams); a
message that is not JSON at all gets a ParseError response with a null id.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcParseError
from pygls.protocol import LanguageServerProtocol


class AnsweringProtocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if data.get("jsonrpc") and "id" in data and "method" in data:
                self.answer_error(data["id"], exc.code, f"{exc.message} for {data['method']}")
            raise

    def answer_parse_error(self) -> None:
        self.answer_error(None, JsonRpcParseError.CODE, "Parse error: the message is not JSON")

    def answer_error(self, msg_id: Any, code: int, message: str) -> None:
        error = self._converter.unstructure(types.ResponseError(code=code, message=message))
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": error})
