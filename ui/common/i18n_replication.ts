/**
 * Replication's messages in both languages: the admin page's replication screen and the
 * supervisors' alerts about the standby. Merged into the catalogs of `i18n.ts`, which is
 * why the Chinese one must have exactly the English one's keys.
 *
 * @module
 */

export const replicationEn = {
  "app.standby.notice":
    "This box is the standby: it serves once it takes over from the primary, and this page tries again by itself.",
  "app.standby.primary": "Go to the primary at {address}",
  "app.failover.moved":
    "The box you were on stopped answering; its standby took over and signed you in here. Calls that were up on the other box were lost.",
  "admin.nav.replication": "Standby and replication",
  "admin.replication.title": "Standby and replication",
  "admin.replication.intro":
    "A second box that holds every change this one makes and takes the calls when this one stops answering. Figures refresh every few seconds.",
  "admin.replication.off":
    "No standby is set up. Start a second box with the pair token this one showed at start (--role standby --standby-of … --pair-token …).",
  "admin.replication.status": "Status",
  "admin.replication.summary.off": "Not set up",
  "admin.replication.summary.healthy": "Healthy",
  "admin.replication.summary.no_standby": "No standby reads this box yet",
  "admin.replication.summary.peer_lost": "Peer lost",
  "admin.replication.summary.behind": "Falling behind",
  "admin.replication.summary.connecting": "Connecting to the primary",
  "admin.replication.summary.stopped": "Stopped",
  "admin.replication.role": "This box",
  "admin.replication.role.primary": "Primary: takes calls and writes",
  "admin.replication.role.standby": "Standby: follows the primary",
  "admin.replication.epoch": "Epoch",
  "admin.replication.epochHint": "Grows by one at every takeover; the box with the highest leads.",
  "admin.replication.peer": "Peer",
  "admin.replication.peerUnknown": "Not heard yet",
  "admin.replication.lag": "Lag",
  "admin.replication.lagValue": "{changes} changes, {seconds} s",
  "admin.replication.lastContact": "Last heard",
  "admin.replication.lastContactValue": "{seconds} s ago",
  "admin.replication.lastChange": "Last change",
  "admin.replication.lastChangeApplied": "#{applied} applied of #{head}",
  "admin.replication.lastTakeover": "Last takeover",
  "admin.replication.never": "Never",
  "admin.replication.switchover": "Switch over to the standby",
  "admin.replication.switchoverHint":
    "This box stops taking calls and writes at once; the standby takes over as soon as it holds every change. Calls up now continue until they end. Use it to fail back, with both boxes healthy.",
  "admin.replication.switchoverConfirm":
    "Hand all new calls and writes to the standby now? This box becomes the standby.",
  "admin.replication.handedOver":
    "Handed over in epoch {epoch}. The standby takes over in a moment; sign in there to go on.",
  "admin.replication.switchoverFailed": "The switchover was refused: {reason}",
  "supervisor.alert.standby_lost":
    "The standby {subject} has not been heard for {value} (limit {limit})",
  "supervisor.alert.replication_lag":
    "The standby {subject} is {value} behind this box (limit {limit})",
} as const;

export const replicationZh: Record<keyof typeof replicationEn, string> = {
  "app.standby.notice": "本机是备用机：在接管主机后才提供服务，此页面会自动重试。",
  "app.standby.primary": "前往主机 {address}",
  "app.failover.moved":
    "你之前所在的设备已无响应；备用机已接管，并已在此为你重新登录。原设备上进行中的通话已中断。",
  "admin.nav.replication": "备用机与复制",
  "admin.replication.title": "备用机与复制",
  "admin.replication.intro":
    "第二台设备保存本机的每一项更改，在本机无响应时接管来电。数据每隔几秒刷新。",
  "admin.replication.off":
    "尚未设置备用机。请用本机启动时显示的配对令牌启动第二台设备（--role standby --standby-of … --pair-token …）。",
  "admin.replication.status": "状态",
  "admin.replication.summary.off": "未设置",
  "admin.replication.summary.healthy": "正常",
  "admin.replication.summary.no_standby": "尚无备用机读取本机",
  "admin.replication.summary.peer_lost": "对端失联",
  "admin.replication.summary.behind": "复制滞后",
  "admin.replication.summary.connecting": "正在连接主机",
  "admin.replication.summary.stopped": "已停止",
  "admin.replication.role": "本机",
  "admin.replication.role.primary": "主机：接听来电并写入数据",
  "admin.replication.role.standby": "备用机：跟随主机",
  "admin.replication.epoch": "纪元",
  "admin.replication.epochHint": "每次接管加一；纪元最高的设备为主机。",
  "admin.replication.peer": "对端",
  "admin.replication.peerUnknown": "尚未联系",
  "admin.replication.lag": "延迟",
  "admin.replication.lagValue": "{changes} 项更改，{seconds} 秒",
  "admin.replication.lastContact": "最近联系",
  "admin.replication.lastContactValue": "{seconds} 秒前",
  "admin.replication.lastChange": "最近更改",
  "admin.replication.lastChangeApplied": "已应用 #{applied}，共 #{head}",
  "admin.replication.lastTakeover": "最近接管",
  "admin.replication.never": "从未",
  "admin.replication.switchover": "切换到备用机",
  "admin.replication.switchoverHint":
    "本机立即停止接听来电和写入；备用机在收齐所有更改后立即接管。进行中的通话持续到结束。用于在两台设备都正常时切回。",
  "admin.replication.switchoverConfirm": "现在把所有新来电和写入交给备用机吗？本机将成为备用机。",
  "admin.replication.handedOver": "已在纪元 {epoch} 移交。备用机稍后接管，请在那里登录继续。",
  "admin.replication.switchoverFailed": "切换被拒绝：{reason}",
  "supervisor.alert.standby_lost": "备用机 {subject} 已 {value} 无响应（上限 {limit}）",
  "supervisor.alert.replication_lag": "备用机 {subject} 落后本机 {value}（上限 {limit}）",
};
