"""The WeChat Official Account boundary: the only place WeChat XML exists.

`endpoint` serves `GET|POST /wechat`: signature checks (`signature`), AES safe mode
(`crypto`), safe XML parsing into a plain `Message` (`xml_in`), retry de-duplication
(`dedupe`), the reply deadline with its push fallback (`deferred`) and rendering a
`Reply` as passive XML (`xml_out`).
"""
