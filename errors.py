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
    "R016": ("PDF has no text layer, and OCR found no text on its pages", "PDF 没有文字层，文字识别也未识别出文字"),
    "R017": ("no text found in this {fmt} file", "{fmt} 文件中没有文字"),
    "R018": ("DOCX expands to {size_mb} MB when unpacked{part} (the limit is {limit_mb} MB): refused as a decompression bomb",
             "DOCX 解压后达 {size_mb} MB{part}（上限 {limit_mb} MB），疑似压缩炸弹，已拒绝"),
    "R019": ("PDF has {pages} pages (the limit is {limit}); a notice is far shorter", "PDF 有 {pages} 页（上限 {limit} 页），不像一份通报"),
    "R020": ("text has {chars} characters (the limit is {limit}); a notice is far shorter",
             "文字达 {chars} 字（上限 {limit} 字），不像一份通报"),
    "R021": ("the page is nested too deeply to read (more than {limit} levels) and holds no readable text",
             "网页嵌套层级过深（超过 {limit} 层），读不出正文"),
    "R022": ("a link that leads outside the folder given ({target}); not followed", "是指向所给文件夹之外的链接（{target}），未读取"),
    "R023": ("PDF goes past the reader's safety limits ({detail}): a decompression bomb or a looping structure; refused",
             "PDF 超出读取安全上限（{detail}），疑似压缩炸弹或循环结构，已拒绝"),
    "R024": ("a folder that cannot be read ({reason}); the files in it were not read",
             "文件夹无法读取（{reason}），其中的文件没有导入"),
    "R025": ("not a type of file zhenggai reads ({suffix}); it reads {types}", "不是可读取的文件类型（{suffix}），可读取 {types}"),
    "R026": ("PDF is protected by a password that is not empty; save a copy without the password",
             "PDF 设有打开密码，请另存一份不带密码的副本"),
    "R027": ("ran out of memory while reading it ({kind}); refused", "读取时内存不足（{kind}），已拒绝"),
    "R028": ("DOCX part {part} inflates past the {declared:,} bytes its archive declares: refused as a decompression bomb",
             "DOCX 部件 {part} 解压后超过压缩包声明的 {declared:,} 字节，疑似压缩炸弹，已拒绝"),
    # reading a scan (OCR)
    "R030": ("not a readable image ({kind}); the file may be damaged or cut short",
             "图片无法读取（{kind}），文件可能已损坏或不完整"),
    "R031": ("page {page} is {width}×{height} pixels ({mp} MP; the limit is {limit} MP); scan it at a lower resolution",
             "第 {page} 页图像为 {width}×{height} 像素（{mp} 百万像素，上限 {limit} 百万像素），请降低扫描分辨率"),
    "R032": ("the image has {pages} pages (the limit is {limit}); a notice is far shorter",
             "图片有 {pages} 页（上限 {limit} 页），不像一份通报"),
    "R033": ("OCR is not available here ({reason}); install zhenggai with its dependencies (pip install -e .)",
             "文字识别组件不可用（{reason}），请完整安装 zhenggai 及其依赖"),
    "R034": ("OCR failed on page {page} ({kind})", "第 {page} 页文字识别失败（{kind}）"),
    # understanding a notice (N)
    "N001": ("no findings found: not a rectification notice?", "没有识别出整改问题，可能不是整改通报"),
    "N002": ("not a rectification notice: its wording has none of 整改, 问题 and 措施 that such notices use ({detail})",
             "不像整改通报：文中缺少整改通报常用的“整改”“问题”“措施”等表述（{detail}）"),
    "N003": ("{findings} findings in one notice (the limit is {limit}): not a rectification notice",
             "一份通报识别出 {findings} 个问题（上限 {limit} 个），不像整改通报"),
    # a defect of zhenggai met on one file (I): never blamed on the file, never stopping the batch
    "I001": ("internal error while reading this file ({kind}: {detail}); the rest of the batch goes on. The "
             "traceback is in {log}; please report it with the file",
             "读取此文件时程序内部出错（{kind}：{detail}），其余文件继续导入。详细信息见 {log}，请连同文件一起报告"),
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
    "L010": ("{folder}: the library is read-only here ({reason}); it can be searched but not changed. Copy the "
             "folder to one you can write to, or ask its owner",
             "{folder}：文库在此处只读（{reason}），可以检索，不能修改。请把文件夹复制到可写的位置，或联系其所有者"),
    "L011": ("{folder}: the library is in an older format (schema {version}; this zhenggai reads {supported}); "
             "open it once for writing to upgrade it: `zhenggai reindex --db {folder}`",
             "{folder}：文库为旧版格式（结构版本 {version}，本版本为 {supported}），请以可写方式打开一次以升级：zhenggai reindex --db {folder}"),
    "L012": ("notice {notice_id} is damaged in the library ({detail}); the rest of the library is fine. Repair it: "
             "run `{command}`, then ingest its file ({name}) again",
             "通报 {notice_id} 在文库中的记录已损坏（{detail}），文库其余部分正常。修复方法：运行 {command}，再重新导入其文件（{name}）"),
    "L013": ("{folder} is a file, not a library folder; give --db a folder (it is made if missing)",
             "{folder} 是文件，不是文库文件夹；--db 请指定一个文件夹"),
    "L014": ("no notice {target} in {folder}; `zhenggai info` and `zhenggai search` show what is stored",
             "文库中没有通报 {target}"),
    "L015": ("unknown search mode {mode!r}; choose one of {choices}", "未知的检索方式 {mode!r}，可选 {choices}"),
    "L016": ("{folder}: cannot make the library folder here ({reason})", "{folder}：无法在此处建立文库文件夹（{reason}）"),
    "L017": ("unknown search backend {name!r}; choose one of {choices}", "未知的检索后端 {name!r}，可选 {choices}"),
    # the embedding model (M)
    "M001": ("the model {name!r} is neither a folder nor in the local Hugging Face cache; give its folder with --model, "
             "or set ZHENGGAI_DOWNLOAD=1 where a model hub is reachable",
             "找不到模型 {name!r}：既不是文件夹，也不在本机 Hugging Face 缓存中"),
    "M002": ("cannot download the model {name!r}: {reason}", "无法下载模型 {name!r}：{reason}"),
    "M003": ("cannot load embedding model {location!r}: {reason}", "无法加载语义模型 {location!r}：{reason}"),
    "M004": ("unknown engine {engine!r}; choose one of {choices}", "未知的编码引擎 {engine!r}，可选 {choices}"),
    "M005": ("{location} is not a sentence-transformers model ({reason}); give the folder that holds its "
             "modules.json or config.json", "{location} 不是语义模型文件夹（{reason}）"),
    # the command line (C)
    "C001": ("the {what} is not UTF-8 text: the terminal sent bytes in another encoding{guess}. Set the terminal "
             "to UTF-8 (e.g. LANG=zh_CN.UTF-8), or put the query in a UTF-8 file for --queries",
             "{what}不是 UTF-8 文本（终端使用了其他编码{guess}）。请把终端设为 UTF-8，或把查询写入 UTF-8 文件后用 --queries"),
    # accounts, roles and the audit log (A)
    "A001": ("{user} ({role}) may not {action}", "当前账户（{role_zh}）无权{action_zh}"),
    "A002": ("the account {name} already exists", "账户 {name} 已存在"),
    "A003": ("no account {name}", "没有账户 {name}"),
    "A004": ("the password is too short ({length} characters; at least {minimum})", "密码太短（{length} 个字符，至少 {minimum} 个）"),
    "A005": ("the password is too long (more than {maximum} characters)", "密码太长（超过 {maximum} 个字符）"),
    "A006": ("{name!r} is not a valid account name: 1–64 letters, digits, '.', '_' or '-'",
             "账户名 {name!r} 无效：限 1–64 个字母、数字或 . _ -"),
    "A007": ("unknown role {role!r}; choose one of reader, editor, admin", "未知角色 {role!r}，可选 查阅、录入、管理"),
    "A008": ("{name} is the last administrator; add another administrator first",
             "{name} 是最后一个管理员，请先添加另一个管理员"),
    "A009": ("{folder}: the library folder is read-only, so logins and the audit log cannot be written; accounts "
             "need a writable library folder", "{folder}：文库文件夹只读，无法记录登录和审计日志；使用账户需要可写的文库文件夹"),
    "A010": ("{folder}: accounts.db was written by a newer zhenggai (schema {version}; this one reads {supported})",
             "{folder}：accounts.db 由更新版本的 zhenggai 写入（结构版本 {version}，本版本支持 {supported}）"),
    "A011": ("no password given on standard input", "标准输入中没有密码"),
    "A012": ("the two passwords differ", "两次输入的密码不一致"),
    "A013": ("--host {host} would serve beyond this machine, but the library {folder} has no administrator account. "
             "Add one first: zhenggai users add NAME --role admin --db {folder}",
             "--host {host} 将对其他机器开放，但文库 {folder} 还没有管理员账户，请先添加管理员"),
    "A014": ("--tls-cert and --tls-key go together; give both or neither", "--tls-cert 与 --tls-key 须同时给出"),
    "A015": ("{path}: cannot read the {what} file", "{path}：无法读取{what}文件"),
    "A016": ("{value!r} is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)", "{value!r} 不是日期（YYYY-MM-DD）"),
    "A017": ("{folder}: accounts.db is damaged ({detail})", "{folder}：accounts.db 已损坏（{detail}）"),
    "M006": ("cannot prepare the default model ({kind}): {reason}; ZHENGGAI_DEBUG=1 shows the whole output",
             "无法准备默认语义模型（{kind}）：{reason}"),
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


class AccountError(ZhenggaiError):
    """An account operation that cannot be done: a bad name, role or password, an unknown account."""


class AccessDenied(ZhenggaiError):
    """The acting account's role does not allow the operation (checked where the work is done)."""


class InternalError(ZhenggaiError):
    """zhenggai failed on one file in a way no rule foresaw: a defect to report, not a bad file."""


class ArgumentError(ZhenggaiError):
    """A command-line argument that cannot be used as given."""
