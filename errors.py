"""Coded errors: one base class, one table of messages in English and Chinese.

As spaCy keeps its messages in `errors.py`, every error a user can meet is a code here with a message
template in both languages; the CLI prints the English line, the app the Chinese one, and tests match
on the code rather than on wording. Parameters fill the templates (`{limit_mb}`, `{folder}` …).
"""
from __future__ import annotations

from typing import Any

# code: (English, 中文)
MESSAGES: dict[str, tuple[str, str]] = {
    # reading a file (R)
    "R001": ("no such file", "文件不存在"),
    "R002": ("is a folder, not a file", "是文件夹，不是文件"),
    "R003": ("not a regular file (a device, pipe or socket); only regular files are read",
             "不是普通文件（设备、管道或套接字），只能读取普通文件"),
    "R004": ("too large ({size_mb} MB; the limit is {limit_mb} MB)", "文件过大（{size_mb} MB，上限 {limit_mb} MB）"),
    "R005": ("empty file", "空文件"),
    "R006": ("binary data, not text", "是二进制数据，不是文本"),
    "R007": ("unknown text encoding (not UTF-8, UTF-16, GB18030 or Big5)", "无法识别文本编码（不是 UTF-8、UTF-16、GB18030 或 Big5）"),
    "R008": ("mis-encoded text (too many undecodable bytes as {encoding})", "文本编码有误（按 {encoding} 解码乱码过多）"),
    "R009": ("cannot be read: {reason}", "无法读取：{reason}"),
    "R010": ("a ZIP archive that is not a DOCX document", "是 ZIP 压缩包，不是 DOCX 文档"),
    "R011": ("old binary Word (.doc) is not supported; save it as DOCX", "不支持旧版 Word（.doc），请另存为 DOCX"),
    "R012": ("not a valid PDF (no %PDF header)", "不是有效的 PDF 文件"),
    "R013": ("not a valid DOCX (not a ZIP archive)", "不是有效的 DOCX 文件"),
    "R014": ("broken DOCX ({kind})", "DOCX 文件已损坏（{kind}）"),
    "R015": ("broken PDF ({kind})", "PDF 文件已损坏（{kind}）"),
    "R016": ("PDF has no text layer (a scanned image?); run OCR on it first", "PDF 没有文字层（可能是扫描件），请先做文字识别"),
    "R017": ("no text found in this {fmt} file", "{fmt} 文件中没有文字"),
    "R018": ("DOCX expands to {size_mb} MB when unpacked (the limit is {limit_mb} MB): refused as a decompression bomb",
             "DOCX 解压后达 {size_mb} MB（上限 {limit_mb} MB），疑似压缩炸弹，已拒绝"),
    "R019": ("PDF has {pages} pages (the limit is {limit}); a notice is far shorter", "PDF 有 {pages} 页（上限 {limit} 页），不像一份通报"),
    "R020": ("text has {chars} characters (the limit is {limit}); a notice is far shorter",
             "文字达 {chars} 字（上限 {limit} 字），不像一份通报"),
    "R021": ("the page is nested too deeply to read (more than {limit} levels) and holds no readable text",
             "网页嵌套层级过深（超过 {limit} 层），读不出正文"),
    "R022": ("a link that leads outside the folder given ({target}); not followed", "是指向所给文件夹之外的链接（{target}），未读取"),
    # understanding a notice (N)
    "N001": ("no findings found: not a rectification notice?", "没有识别出整改问题，可能不是整改通报"),
    "N002": ("not a rectification notice: its wording has none of 整改, 问题 and 措施 that such notices use ({detail})",
             "不像整改通报：文中缺少整改通报常用的“整改”“问题”“措施”等表述（{detail}）"),
    "N003": ("{findings} findings in one notice (the limit is {limit}): not a rectification notice",
             "一份通报识别出 {findings} 个问题（上限 {limit} 个），不像整改通报"),
    "N004": ("could not be extracted ({kind}: {detail}); the rest of the batch goes on — please report this file",
             "抽取时出错（{kind}：{detail}），其余文件继续导入；请报告此文件"),
    # the library (L)
    "L001": ("{folder}: no library here yet; run `zhenggai ingest FILES --db {folder}` first",
             "{folder}：这里还没有文库，请先导入通报"),
    "L002": ("{folder}: the library is damaged or empty ({detail}); its write-ahead log (library.db-wal) may be "
             "missing or cut short. Rebuild it: move the folder aside and run `zhenggai ingest` on the original files",
             "{folder}：文库已损坏或为空（{detail}），可能是预写日志 library.db-wal 丢失或被截断。请把该文件夹移开，重新导入原始文件"),
    "L003": ("this library was built with the model {recorded}, not {wanted}; run `zhenggai reindex --model {wanted}` "
             "to re-encode it with the new model, or choose {recorded}",
             "该文库使用模型 {recorded} 建立，不是 {wanted}；如需换用新模型请运行 zhenggai reindex --model {wanted}"),
    "L004": ("the library's vectors have {dim} dims, the model {model} gives {model_dim}; run `zhenggai reindex`",
             "文库向量为 {dim} 维，模型 {model} 为 {model_dim} 维；请运行 zhenggai reindex"),
    "L005": ("{folder}: the disk is full; nothing was half-written and the library is intact as it was before this "
             "write. Free some space and run the command again",
             "{folder}：磁盘已满；没有写入半截数据，文库保持写入前的状态。请清理空间后重试"),
    "L006": ("this library's search copy lives in the {recorded} backend, not {wanted}; leave out --backend, or "
             "move it with `zhenggai reindex --backend {wanted}`",
             "该文库的检索副本在 {recorded} 后端，不是 {wanted}"),
    "L007": ("{folder}: the library was written by a newer zhenggai (schema {version}; this one reads {supported})",
             "{folder}：文库由更新版本的 zhenggai 写入（结构版本 {version}，本版本支持 {supported}）"),
    "L008": ("the search backend {backend} cannot be reached at {uri}: {reason}", "无法连接检索后端 {backend}（{uri}）：{reason}"),
    "L009": ("no record {record_id} in {folder}", "文库中没有编号为 {record_id} 的记录"),
    "L010": ("unknown search backend {name!r}; choose one of {choices}", "未知的检索后端 {name!r}，可选 {choices}"),
    # the embedding model (M)
    "M001": ("the model {name!r} is neither a folder nor in the local Hugging Face cache; give its folder with --model, "
             "or set ZHENGGAI_DOWNLOAD=1 where a model hub is reachable",
             "找不到模型 {name!r}：既不是文件夹，也不在本机 Hugging Face 缓存中"),
    "M002": ("cannot download the model {name!r}: {reason}", "无法下载模型 {name!r}：{reason}"),
    "M003": ("cannot load embedding model {location!r}: {reason}", "无法加载语义模型 {location!r}：{reason}"),
    "M004": ("unknown engine {engine!r}; choose one of {choices}", "未知的编码引擎 {engine!r}，可选 {choices}"),
}


class ZhenggaiError(Exception):
    """An error a user can meet: a code, its parameters, and the message in either language."""

    def __init__(self, code: str, **params: Any):
        if code not in MESSAGES:
            raise KeyError(f"unknown error code {code}")
        self.code, self.params = code, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        template = MESSAGES[self.code][0 if lang == "en" else 1]
        return template.format(**self.params)

    @property
    def zh(self) -> str:
        return self.message("zh")


class ReadError(ZhenggaiError):
    """A file that cannot be read as a notice."""


class NoticeError(ZhenggaiError):
    """A text that reads but is not a rectification notice (or not a plausible one)."""


class LibraryError(ZhenggaiError):
    """The library cannot do what was asked: missing, damaged, full disk, another model or backend."""


class ModelError(ZhenggaiError):
    """The embedding model cannot be found or loaded."""
