"""Every text the bot shows a chat user (and `check` shows a knowledge keeper), in Chinese and English: one table, one lookup.

Keys of a feature's own texts carry its prefix (``keep_`` for the knowledge keepers' commands, ``rem_``
for reminders); a missing English text falls back to Chinese. Templates are `str.format` strings;
HTML-escaping of the values is the caller's job (most texts are HTML messages).
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        # ----- answers, outline, search, help -----
        "source": "出处：",
        "context": "查看上下文",
        "more_whole_passage": "讲话在这里就说了这些（以上是这一段的全文）。",
        "more_end_of_speech": "讲话到这里就结束了，以上是最后一段。",
        "did_you_mean": "关于「{q}」，您是不是想问：",
        "no_answer": "抱歉，这篇讲话没有谈到「{q}」。您可以换个说法提问，或者从讲话的几个要点看起：",
        "start": (
            "您好！我可以回答关于《{title}》的问题，回答时逐字引用讲话原文，并注明出自哪一部分。\n"
            "\n"
            "直接发问题给我即可，例如点下面的按钮。也可以用 /topics 按提纲浏览全文，用 /search 查关键词。"
        ),
        "help": (
            "<b>怎么用</b>\n"
            "• 私聊：直接发问题，我会引用讲话原文回答。\n"
            "• /ask 问题 — 在群里提问（群里也可以 @我 或回复我的消息）\n"
            "• /topics — 按提纲浏览：要点 → 分项 → 段落\n"
            "• /search 关键词 — 列出含有该词的所有段落\n"
            "• /source — 讲话的来源和原文的更正情况\n"
            "• /subscribe — 订阅定时安全提醒（群里由管理员发送），/reminders 查看订阅\n"
            "• 在任何聊天里输入 @{bot} 关键词，可以直接引用讲话原文。"
        ),
        "ask_usage": "请在 /ask 后面写上问题，例如：/ask {example}",
        "search_usage": "请在 /search 后面写上关键词，例如：/search 隐患",
        "search_too_long": "关键词太长了，请用不超过 {n} 个字的关键词。",
        "search_none": "讲话里没有出现「{w}」。",
        "search_head": "「{w}」出现在 {n} 段讲话中（第 {page}/{pages} 页）：",
        "prev": "« 上一页",
        "next": "下一页 »",
        "topics": "《{title}》的提纲，点一项继续展开：",
        "topics_docs": "请选择一篇讲话：",
        "back": "« 返回",
        "lead": "（总述）",
        "show_original": "查看原文（未更正）",
        "show_corrected": "查看更正后的文字",
        "original_note": "以下是原文的样子（文档转换造成的错字未作更正）：",
        "source_info": (
            "<b>{title}</b>\n"
            "讲话人：{speaker}  会议：{meeting}\n"
            "原文来源：{site}《{page}》\n"
            "\n"
            "原文经过一次有缺陷的格式转换，不少词被换成了近义词（例如“安全”变成“平安”）。本机器人按一份逐条可核对的更正清单修复了 {kinds} 类错误、共 {count} 处，引用的"
            "都是修复后的文字。"
        ),
        "source_examples": "例如：",
        "source_button": "查看某段原文的样子",
        "slow_down": "{name}，请慢一点，稍后再问。",
        "sorry": "抱歉，处理您的消息时出了点问题，请稍后再试。",
        "expired": "这个按钮已过期，请重新提问。",
        "unknown_command": "我不认识这个命令。发送 /help 看看能做什么。",
        "text_only": "我只能读文字。请用文字提问，例如：建筑施工安全有什么要求？",
        "mention_only": "请在 @我 后面写上问题，例如：@{bot} {example}",
        "inline_point": "讲话的第{n}个要点",
        "whoami": "您的用户 ID：{user}\n本聊天的 ID：{chat}\n（管理员把用户 ID 写进 config.yaml 的 telegram.admin_ids，即可使用 /misses、/stats、/reload 等管理命令。）",
        "hello": "您好！我是安全生产讲话问答机器人，引用《{title}》的原文回答问题，并注明出自哪一部分。直接发问题给我就行，例如：",
        "thanks_reply": "不客气！还有问题随时问我。",
        "bye": "再见！有问题随时来问。",
        # ----- the knowledge keepers' commands: 👍/👎, /misses, /stats, /reload -----
        "keep_up": "👍",
        "keep_down": "👎",
        "keep_thanks": "谢谢反馈",
        "keep_admins_only": "抱歉，/{command} 只供机器人管理员使用。",
        "keep_misses_private": "/misses 会列出别人提的问题，请在和我的私聊中使用。",
        "keep_days_usage": "用法：/{command} 或 /{command} 天数（1 到 {max} 之间），例如 /{command} 7",
        "keep_reloaded": "知识库已重新读取：{docs} 篇讲话、{passages} 段、{entries} 个问答条目、{facts} 条讲话信息。",
        "keep_serving_copy": "⚠️ 注意：知识库文件夹有错误，机器人正在使用上次可用的副本 {path}（保存于 {at}）。修好后发送 /reload。",
        "keep_refused": "知识库有 {n} 处问题，没有重新读取，仍在使用原来的知识：",
        "keep_more_problems": "……还有 {n} 处问题（python -m bot check 会全部列出）。",
        "keep_misses_none": "还没有记录：没有未回答、不确定或被点 👎 的问题。",
        "keep_misses_head": "共 {total} 个未回答、不确定或被点 👎 的问题，分成 {groups} 组，按出现次数排列：",
        "keep_misses_group": "{i}. ×{count}  {question}   （{kinds}）",
        "keep_misses_also": "   其他问法：{examples}",
        "keep_misses_nearest": "   最接近的条目：{what}（现在：{status}，{score}）",
        "keep_misses_no_nearest": "   最接近的条目：无（讲话里没有它的任何词：新话题或超出范围）",
        "keep_misses_disliked": "   被点 👎 的回答：{answers}",
        "keep_misses_more": "……还有 {n} 组（python -m bot misses 会全部列出）。",
        "keep_kind_no_answer": "没有答案",
        "keep_kind_clarify": "不确定",
        "keep_kind_disliked": "👎",
        "keep_answered": "已回答",
        # ----- reminders: /subscribe, /unsubscribe, /reminders, /remind_now -----
        "rem_refused": "只有本群的管理员才能更改安全提醒的订阅或预览提醒。请联系群管理员。",
        "rem_subscribed": "已订阅以下安全提醒（{tz}）：",
        "rem_manage": "查看订阅：/reminders  取消：/unsubscribe [编号]  预览：/remind_now 编号",
        "rem_unsubscribed_all": "已取消本聊天的全部 {n} 项安全提醒。",
        "rem_unsubscribed_one": "已取消提醒 {id}。",
        "rem_not_subscribed_all": "本聊天没有订阅任何安全提醒，无需取消。",
        "rem_not_subscribed_one": "本聊天没有订阅提醒 {id}，无需取消。",
        "rem_listing": "本聊天订阅的安全提醒（{tz}）：",
        "rem_own_time": "（自定时间）",
        "rem_next": "下次 {when}",
        "rem_stopped": "已停用",
        "rem_subs_none": "目前没有任何聊天订阅安全提醒。",
        "rem_subs_head": "订阅了安全提醒的聊天共 {n} 个：",
        "rem_subs_line": "• 聊天 {chat}：{names}（已停用 {stopped} 项；上次送达：{last}）",
        "rem_subs_never": "还没有",
        "rem_subs_revoke": "撤销聊天 {chat} 的提醒",
        "rem_subs_revoked": "已撤销聊天 {chat} 的 {n} 项提醒",
        "rem_subs_private": "/subscriptions 会列出所有订阅的聊天，请在和我的私聊中使用。",
        "rem_admin_disabled": "已停止向聊天 {chat} 发送安全提醒：{why}",
        "rem_stopped_failing": "已停用：连续 {days} 天发送失败（{why}）。请检查机器人在本群的权限后重新发送 /subscribe",
        "rem_never": "一年内不会发送",
        "rem_empty": "本聊天尚未订阅安全提醒。{who}发送 /subscribe 即可订阅全部默认提醒，或发送 /subscribe 值班 08:30 只订阅一项并自定发送时间。",
        "rem_who_group": "群管理员",
        "rem_who_private": "",
        "rem_preview": "（预览，不计入定时发送）",
        "rem_too_many": "参数太多了。",
        "rem_unknown": "没有编号为「{value}」的提醒。",
        "rem_bad_time": "「{value}」不是有效的时间：请写成 08:30 这样的 24 小时制时间（小时 00–23，分钟 00–59）。",
        "rem_missing": "请写上要预览的提醒编号。",
        "rem_usage": "用法：{usage}",
        "rem_known": "可用的提醒：",
        "rem_welcome": (
            "大家好！我引用《{title}》原文回答安全生产方面的问题，也可以定时在群里推送安全提醒。\n"
            "群管理员发送 /subscribe 即可订阅全部默认提醒，或发送 /subscribe duty 08:30 只订阅一项并自定发送时间；/reminders 查看本群的订阅。"
        ),
        # ----- `python -m bot check` and /reload: the knowledge folder's problems (see `Msg`) -----
        "check_line": "{file}：{text}",
        "check_at": "{where}：{message}",
        "check_count": "{path} 中有 {n} 处问题",
        "check_ok": "{path}：没有问题",
        "check_where_entry": "条目 {id}",
        "check_where_fact": "文件信息条目 {id}",
        "check_where_correction": "更正 {id}",
        "check_where_corrections": "更正 {a} 和 {b}",
        "check_where_line": "第 {n} 行",
        "check_where_key": "键「{key}」",
        "check_where_reminder": "提醒 {id}",
        "check_where_in_file": "{file} 的{owner}",
        "check_file_not_found": "找不到文件",
        "check_not_utf8": "不是 UTF-8 编码的文本",
        "check_cannot_read": "无法读取：{reason}",
        "check_bad_yaml": "不是有效的 YAML",
        "check_bad_yaml_at": "不是有效的 YAML（第 {line} 行有错）",
        "check_expected_shape": "应为{shape}，实际是 {got}",
        "check_shape_mapping": "映射（键：值）",
        "check_shape_corrections": "更正的列表",
        "check_shape_entries": "条目的列表",
        "check_shape_synonyms": "「讲话用词：[其他说法]」形式的映射",
        "check_shape_glossary": "「英文：中文」形式的映射",
        "check_list_of_texts_key": "「{key}」应为文本列表",
        "check_list_of_texts": "应为文本列表",
        "check_no_source": "找不到文件（每个文档文件夹都需要 {name}；这个文件夹里有 {present}）",
        "check_facts_not_list": "「facts」应为条目列表",
        "check_flag_bool": "「{flag}」应为 true 或 false",
        "check_fact_needs": "需要「id」「question」和「answer」",
        "check_duplicate_fact": "文件信息条目的 id 重复",
        "check_expected_mapping": "应为映射（键：值）",
        "check_missing_key": "缺少「{key}」或为空",
        "check_count_positive": "「count」应为正整数",
        "check_context_text": "「context」应为文本",
        "check_duplicate_correction": "更正的 id 重复",
        "check_overlap": "在第 {at} 个字符处重叠（「{text}」）",
        "check_context_missing": "context「{context}」里没有「{original}」",
        "check_correction_count": "「{what}」在原文中出现 {found} 次，应为 {expected} 次",
        "check_entry_needs": "需要「id」和「question」",
        "check_duplicate_entry": "条目的 id 重复",
        "check_answer_missing": "缺少「answer」",
        "check_related_missing": "related 中的「{id}」不存在",
        "check_answer_no_sentence": "answer「{item}」指向的句子不存在",
        "check_answer_backwards": "answer 的范围「{item}」前后颠倒",
        "check_answer_unknown": "answer「{item}」不是 {doc} 的句子或段落 id",
        "check_expected_text": "应为文本",
        "check_frequency": "词频应为整数",
        "check_no_folder": "找不到知识库文件夹",
        "check_no_documents": "没有找到文档文件夹（含有 {name} 的子文件夹）",
        "check_phrasing_twice": "问法「{text}」也出现在{other}下（写作「{first}」），只有一个能回答",
        "check_synonym_stopword": "讲话用词「{term}」是停用词，{variants} 永远无法通过它匹配",
        "check_synonym_unknown": "讲话用词「{term}」不是任何句子、标题或问答问法中的词，{variants} 永远无法通过它匹配",
        "check_glossary_one": (
            "对应的 {terms} 不是任何句子、标题或问答问法中的词（它的同义词也不是），"
            "这个英文词永远无法匹配（并被算作讲话从未用过的词）"
        ),
        "check_glossary_many": (
            "对应的 {terms} 都不是任何句子、标题或问答问法中的词（它们的同义词也不是），"
            "这个英文词永远无法匹配（并被算作讲话从未用过的词）"
        ),
        "check_question": "问题",
        "check_alternate": "其他问法",
        "check_nothing": "（无）",
        "check_selftest_other": "{what}「{text}」得到的是{name}的回答（得分 {score}）",
        "check_selftest_clarify": "{what}「{text}」没有得到回答，只反问「您是不是想问」{options}",
        "check_selftest_none": "{what}「{text}」没有得到回答",
        "check_rem_duplicate_id": "提醒的 id 重复",
        "check_rem_unknown_default": "defaults 中的「{id}」不是提醒 id（已有：{known}）",
        "check_rem_time_missing": "schedule.time 缺少时间（HH:MM）",
        "check_rem_time_quotes": "schedule.time 的时间要加引号，例如 \"08:30\"（现在是 {got}）",
        "check_rem_time_bad": "schedule.time 的时间无效（{reason}）",
        "check_rem_title_missing": "缺少「title」",
        "check_rem_bad_id": "{key} 中的「{id}」不是讲话的句子或段落 id（id 的样子如 county-safety-2023/p3.3.s3 或 county-safety-2023/p3.3）",
    },
    "en": {
        # ----- answers, outline, search, help -----
        "source": "Source: ",
        "context": "Show context",
        "more_whole_passage": "That is all the speech says here (the whole passage is quoted above).",
        "more_end_of_speech": "The speech ends here; these are its closing words.",
        "did_you_mean": "About “{q}”, did you mean:",
        "no_answer": (
            "Sorry, the speech does not cover “{q}”. Try asking another way, or start from its main p"
            "oints:"
        ),
        "start": (
            "Hello! I answer questions about the speech “{title}” by quoting it word for word (quotes"
            " stay in Chinese) and saying which part it comes from.\n"
            "\n"
            "Just send me a question, or tap one below. /topics browses the outline, /search finds a "
            "word."
        ),
        "help": (
            "<b>How to use</b>\n"
            "• Private chat: send a question; I answer with a quote from the speech.\n"
            "• /ask question — ask in a group (or mention me, or reply to my message)\n"
            "• /topics — browse the outline: point → sub-point → passage\n"
            "• /search word — every passage that contains the word\n"
            "• /source — where the speech comes from and how its text was repaired\n"
            "• /subscribe — scheduled safety reminders (in groups, sent by an administrator); /remind"
            "ers lists them\n"
            "• Type @{bot} keyword in any chat to quote the speech there."
        ),
        "ask_usage": "Please write the question after /ask, for example: /ask {example}",
        "search_usage": "Please write a word after /search, for example: /search 隐患",
        "search_too_long": "That keyword is too long; please use at most {n} characters.",
        "search_none": "The speech does not contain “{w}”.",
        "search_head": "“{w}” occurs in {n} passages (page {page}/{pages}):",
        "prev": "« Previous",
        "next": "Next »",
        "topics": "Outline of “{title}”; tap an item to open it:",
        "topics_docs": "Choose a speech:",
        "back": "« Back",
        "lead": "(overview)",
        "show_original": "Show the source text (uncorrected)",
        "show_corrected": "Show the corrected text",
        "original_note": "This is how the source has it (conversion errors not repaired):",
        "source_info": (
            "<b>{title}</b>\n"
            "Speaker: {speaker}  Meeting: {meeting}\n"
            "Source: {site}, “{page}”\n"
            "\n"
            "The source went through a faulty document conversion that swapped words for near-synonym"
            "s (for example 安全 “safety” became 平安 “peace”). The bot repairs {kinds} kinds of error in"
            " {count} places from a reviewed list, and quotes the repaired text."
        ),
        "source_examples": "For example:",
        "source_button": "See a passage as the source has it",
        "slow_down": "{name}, please slow down and ask again in a little while.",
        "sorry": "Sorry, something went wrong with your message. Please try again later.",
        "expired": "This button has expired; please ask again.",
        "unknown_command": "I do not know that command. Send /help to see what I can do.",
        "text_only": "I can only read text. Please type your question, for example: construction site safety",
        "mention_only": "Please write a question after mentioning me, for example: @{bot} {example}",
        "inline_point": "Main point {n} of the speech",
        "whoami": "Your user id: {user}\nThis chat's id: {chat}\n(An operator adds user ids to telegram.admin_ids in config.yaml for the admin commands /misses, /stats, /reload.)",
        "hello": "Hello! I answer questions about “{title}” by quoting it word for word and saying where the quote stands. Just send me a question, for example:",
        "thanks_reply": "You're welcome. Ask me again any time.",
        "bye": "Goodbye! Ask me again any time.",
        # ----- the knowledge keepers' commands: 👍/👎, /misses, /stats, /reload -----
        "keep_up": "👍",
        "keep_down": "👎",
        "keep_thanks": "Thanks",
        "keep_admins_only": "Sorry, /{command} is for the bot's administrators only.",
        "keep_misses_private": "/misses lists other people's questions; please use it in a private chat with me.",
        "keep_days_usage": "Usage: /{command} or /{command} days (1 to {max}), for example /{command} 7",
        "keep_reloaded": (
            "Knowledge reloaded: {docs} speech(es), {passages} passages, {entries} Q&A entries, {fact"
            "s} facts."
        ),
        "keep_serving_copy": (
            "⚠️ The knowledge folder is broken: the bot serves the last good copy {path} (saved {at}). "
            "Send /reload once it is fixed."
        ),
        "keep_refused": (
            "The knowledge folder has {n} problem(s); it was not reloaded and the old knowledge keeps"
            " serving:"
        ),
        "keep_more_problems": "… and {n} more (python -m bot check lists them all).",
        "keep_misses_none": "nothing recorded yet: no unanswered, unsure or disliked questions.",
        "keep_misses_head": "{total} unanswered, unsure or disliked questions in {groups} groups, most frequent first:",
        "keep_misses_group": "{i}. ×{count}  {question}   ({kinds})",
        "keep_misses_also": "   also asked as: {examples}",
        "keep_misses_nearest": "   nearest entry: {what} (today: {status}, {score})",
        "keep_misses_no_nearest": "   nearest entry: none (no word of it occurs in the speech: a new topic or out of scope)",
        "keep_misses_disliked": "   disliked answer(s): {answers}",
        "keep_misses_more": "… and {n} more groups (python -m bot misses lists them all).",
        "keep_kind_no_answer": "no answer",
        "keep_kind_clarify": "unsure",
        "keep_kind_disliked": "👎",
        "keep_answered": "answered",
        # ----- reminders: /subscribe, /unsubscribe, /reminders, /remind_now -----
        "rem_refused": (
            "Only this group's administrators can change its safety-reminder subscriptions or preview"
            " reminders. Please ask an administrator."
        ),
        "rem_subscribed": "Subscribed to these safety reminders (times in {tz}):",
        "rem_manage": "List: /reminders  Stop: /unsubscribe [id]  Preview: /remind_now id",
        "rem_unsubscribed_all": "Stopped all {n} safety reminders of this chat.",
        "rem_unsubscribed_one": "Stopped the reminder {id}.",
        "rem_not_subscribed_all": "This chat is not subscribed to any safety reminder; nothing to stop.",
        "rem_not_subscribed_one": "This chat is not subscribed to {id}; nothing to stop.",
        "rem_listing": "Safety reminders of this chat (times in {tz}):",
        "rem_own_time": " (own time)",
        "rem_next": "next {when}",
        "rem_stopped": "stopped",
        "rem_subs_none": "No chat is subscribed to safety reminders.",
        "rem_subs_head": "{n} chat(s) subscribed to safety reminders:",
        "rem_subs_line": "• chat {chat}: {names} ({stopped} stopped; last delivered: {last})",
        "rem_subs_never": "never",
        "rem_subs_revoke": "Revoke the reminders of chat {chat}",
        "rem_subs_revoked": "Revoked {n} reminder(s) of chat {chat}",
        "rem_subs_private": "/subscriptions lists every subscribed chat; please use it in a private chat with me.",
        "rem_admin_disabled": "Safety reminders to chat {chat} were stopped: {why}",
        "rem_stopped_failing": "stopped: sending failed {days} days running ({why}). Check the bot's rights here, then send /subscribe again",
        "rem_never": "not within a year",
        "rem_empty": (
            "This chat has no safety reminders. {who}Send /subscribe for all the default reminders, o"
            "r /subscribe duty 08:30 for one of them at a time of your choice."
        ),
        "rem_who_group": "Group administrators: ",
        "rem_who_private": "",
        "rem_preview": "(preview, not counted as a scheduled reminder)",
        "rem_too_many": "Too many arguments.",
        "rem_unknown": "There is no reminder called “{value}”.",
        "rem_bad_time": (
            "“{value}” is not a time of day: write it like 08:30, 24-hour clock (hours 00–23, minutes"
            " 00–59)."
        ),
        "rem_missing": "Please name the reminder to preview.",
        "rem_usage": "Usage: {usage}",
        "rem_known": "Reminders:",
        "rem_welcome": (
            "Hello! I answer questions about “{title}” by quoting it, and can post safety reminders h"
            "ere on a schedule.\n"
            "An administrator sends /subscribe for all the default reminders, or /subscribe duty 08:3"
            "0 for one of them at a time of their choice; /reminders lists this group's reminders."
        ),
        # ----- `python -m bot check` and /reload: each must equal the English problem text of before -----
        "check_line": "{file}: {text}",
        "check_at": "{where}: {message}",
        "check_count": "{n} problem(s) in {path}",
        "check_ok": "{path}: OK",
        "check_where_entry": "entry {id}",
        "check_where_fact": "facts entry {id}",
        "check_where_correction": "correction {id}",
        "check_where_corrections": "corrections {a} and {b}",
        "check_where_line": "line {n}",
        "check_where_key": "key {key!r}",
        "check_where_reminder": "reminder {id}",
        "check_where_in_file": "{file} {owner}",
        "check_file_not_found": "file not found",
        "check_not_utf8": "not UTF-8 text",
        "check_cannot_read": "cannot read: {reason}",
        "check_bad_yaml": "not valid YAML",
        "check_bad_yaml_at": "not valid YAML at line {line}",
        "check_expected_shape": "expected {shape}, got {got}",
        "check_shape_mapping": "a mapping",
        "check_shape_corrections": "a list of corrections",
        "check_shape_entries": "a list of entries",
        "check_shape_synonyms": "a mapping of term: [variants]",
        "check_shape_glossary": "a mapping of english: chinese",
        "check_list_of_texts_key": "'{key}' must be a list of texts",
        "check_list_of_texts": "expected a list of texts",
        "check_no_source": "file not found (every document folder needs its {name}; this one has {present})",
        "check_facts_not_list": "'facts' must be a list of entries",
        "check_flag_bool": "'{flag}' must be true or false",
        "check_fact_needs": "needs 'id', 'question' and 'answer'",
        "check_duplicate_fact": "duplicate fact id",
        "check_expected_mapping": "expected a mapping",
        "check_missing_key": "missing or empty '{key}'",
        "check_count_positive": "'count' must be a positive whole number",
        "check_context_text": "'context' must be text",
        "check_duplicate_correction": "duplicate correction id",
        "check_overlap": "overlap at character {at} ({text!r})",
        "check_context_missing": "context {context!r} does not contain {original!r}",
        "check_correction_count": "{what!r} found {found} times in the source, expected {expected}",
        "check_entry_needs": "needs 'id' and 'question'",
        "check_duplicate_entry": "duplicate entry id",
        "check_answer_missing": "'answer' is missing",
        "check_related_missing": "related {id!r} does not exist",
        "check_answer_no_sentence": "answer {item!r} names a sentence that does not exist",
        "check_answer_backwards": "answer range {item!r} runs backwards",
        "check_answer_unknown": "answer {item!r} is not a sentence or passage id of {doc}",
        "check_expected_text": "expected text",
        "check_frequency": "frequency must be a whole number",
        "check_no_folder": "knowledge folder not found",
        "check_no_documents": "no document folder (a sub-folder with {name}) found",
        "check_phrasing_twice": "phrasing {text!r} is also under {other} (as {first!r})",
        "check_synonym_stopword": "the speech term {term!r} is a stop word, so {variants} can never match through it",
        "check_synonym_unknown": (
            "the speech term {term!r} is not a word of any sentence, heading or Q&A phrasing, "
            "so {variants} can never match through it"
        ),
        "check_glossary_one": (
            "maps to {terms}, which is not a word of any sentence, heading or Q&A phrasing (nor are its synonyms), "
            "so the English word can never match (and counts as a word the speech never uses)"
        ),
        "check_glossary_many": (
            "maps to {terms}, which are not words of any sentence, heading or Q&A phrasing (nor are their "
            "synonyms), so the English word can never match (and counts as a word the speech never uses)"
        ),
        "check_question": "question",
        "check_alternate": "alternate",
        "check_nothing": "nothing",
        "check_selftest_other": "{what} {text!r} is answered with {name} instead (score {score})",
        "check_selftest_clarify": "{what} {text!r} is not answered: 'did you mean' {options}",
        "check_selftest_none": "{what} {text!r} gets no answer",
        "check_rem_duplicate_id": "duplicate id",
        "check_rem_unknown_default": "defaults: {id!r} is not a reminder id (known: {known})",
        "check_rem_time_missing": "schedule.time: missing (HH:MM)",
        "check_rem_time_quotes": "schedule.time: write the time in quotes, e.g. \"08:30\" (got {got!r})",
        "check_rem_time_bad": "schedule.time: {reason}",
        "check_rem_title_missing": "'title' is missing",
        "check_rem_bad_id": (
            "{key}: {id!r} is not a sentence or passage id of the speech "
            "(ids look like county-safety-2023/p3.3.s3 or county-safety-2023/p3.3)"
        ),
    },
}


def t(lang: str, key: str, /, **kw: object) -> str:
    """The text `key` in `lang` (Chinese when the language or the key is missing there), formatted."""
    template = TEXTS.get(lang, TEXTS["zh"]).get(key) or TEXTS["zh"][key]
    return template.format(**kw) if kw else template


# Time zones by the name people use for them (a Chinese reader knows 北京时间, not Asia/Shanghai).
TZ_NAMES_ZH = {"Asia/Shanghai": "北京时间", "Asia/Chongqing": "北京时间", "Asia/Harbin": "北京时间",
               "Asia/Urumqi": "乌鲁木齐时间", "Asia/Hong_Kong": "香港时间", "Asia/Macau": "澳门时间",
               "Asia/Taipei": "台北时间"}


def tz_label(tz: object, lang: str) -> str:
    """北京时间 for Asia/Shanghai in Chinese; "Beijing time (Asia/Shanghai)" in English; else the zone's key."""
    key = str(getattr(tz, "key", tz))
    if key in TZ_NAMES_ZH:
        return TZ_NAMES_ZH[key] if lang == "zh" else f"Beijing time ({key})" if TZ_NAMES_ZH[key] == "北京时间" else key
    return key


def language(language_code: str | None, result_language: str | None = None) -> str:
    """English when the client is English or the question was asked in English; Chinese otherwise."""
    if result_language == "en":
        return "en"
    if language_code and language_code.lower().split("-")[0] == "en":
        return "en"
    return "zh"


class Msg(str):
    """A text of the table said in English (it is that str, so English code and tests see plain text) that
    can be said again in another language: `render(lang)`. Values that are `Msg` are rendered in the same
    language; a tuple value is a list, joined with ", " in English and "、" in Chinese."""

    key: str
    params: dict[str, object]

    def __new__(cls, key: str, /, **params: object) -> Msg:
        self = super().__new__(cls, _format("en", key, params))
        self.key, self.params = key, params
        return self

    def render(self, lang: str) -> str:
        return str(self) if lang == "en" else _format(lang, self.key, self.params)


def say(text: object, lang: str) -> str:
    """`text` in `lang` when it is a `Msg`; any other text as it is (a message not in the table stays English)."""
    return text.render(lang) if isinstance(text, Msg) else str(text)


def _format(lang: str, key: str, params: dict[str, object]) -> str:
    sep = ", " if lang == "en" else "、"
    values = {k: sep.join(say(x, lang) for x in v) if isinstance(v, tuple) else
              say(v, lang) if isinstance(v, Msg) else v for k, v in params.items()}
    return t(lang, key, **values)
