import type { z } from 'zod';
import type { Session, SetupStatus } from '../../../contracts/auth.js';
import type {
  ApiToken,
  ApiTokenCreated,
  AuditEntry,
  AuditPage,
  Invitation,
  InvitationCreated,
  InvitationPreview,
  Member,
  PasswordResetLink,
} from '../../../contracts/members.js';
import type { Workspace } from '../../../contracts/auth.js';
import type { Channel, ChannelCheck, ChannelCreated, ChannelHealth, ChannelProblemReason } from '../../../contracts/channels.js';
import type { Conversation, Message, SendMessage, Template } from '../../../contracts/conversations.js';
import type { Language, Role } from '../../../contracts/common.js';
import type { Contact, ContactPatch, Priority, ConversationStatus, SendReply } from '../../../contracts/conversations.js';
import type { AgentFigures, LiveMetrics, LostConversation, MetricsLoad, MetricsQuery, MetricsSeries, MetricsSummary, Stat, Timing } from '../../../contracts/metrics.js';
import type { AgentRouting, Availability, QueueEntry, RoutingReason, RuleTestResult, ShiftEndPolicy, TeamRouting } from '../../../contracts/routing.js';
import type {
  Activity,
  CannedResponse,
  Counts,
  InboxFilters,
  Notification,
  Presence,
  SavedView,
  Tag,
  Team,
} from '../../../contracts/inbox.js';
import type { SetupChecklist, SetupStep } from '../../../contracts/setup-checklist.js';
import type { ContactListItem, ContactPage } from '../../../contracts/contacts.js';

/** Response shapes inferred from the shared contracts, so the web never guesses an API shape. */
export type { ApiToken, AuditEntry, Channel, Conversation, Invitation, Language, Member, Message, Role, SendMessage, Session, Workspace };
export type SetupStatusResponse = z.infer<typeof SetupStatus>;
export type { SetupChecklist, SetupStep };
export type GrantableRole = Exclude<Role, 'owner'>;
export type InvitationCreatedResponse = z.infer<typeof InvitationCreated>;
export type InvitationPreviewResponse = z.infer<typeof InvitationPreview>;
export type PasswordResetLinkItem = z.infer<typeof PasswordResetLink>;
export type ApiTokenCreatedResponse = z.infer<typeof ApiTokenCreated>;
export type AuditPageResponse = z.infer<typeof AuditPage>;
export type MembersResponse = { members: Member[] };
export type InvitationsResponse = { invitations: Invitation[] };
export type PasswordResetsResponse = { resets: PasswordResetLinkItem[] };
export type ApiTokensResponse = { apiTokens: ApiToken[] };
export type MemberPasswordResetResponse = { link: string; expiresAt: string };
export type ChannelHealthValue = z.infer<typeof ChannelHealth>;
export type ChannelProblemReasonValue = z.infer<typeof ChannelProblemReason>;
export type ChannelCheckResult = z.infer<typeof ChannelCheck>;
export type ChannelCreatedResponse = z.infer<typeof ChannelCreated>;
export type ChannelUpdatedResponse = { channel: Channel; check?: ChannelCheckResult };
export type ChannelsResponse = { channels: Channel[] };
export type MessageTemplate = z.infer<typeof Template>;
export type TemplatesResponse = { templates: MessageTemplate[] };
export type TemplatesSyncResponse = { count: number };
export type ConversationsResponse = { conversations: Conversation[]; nextCursor: string | null };
export type MessagesResponse = { messages: Message[]; nextCursor: string | null };
export type { ContactListItem };
export type ContactPageResponse = z.infer<typeof ContactPage>;

export type { InboxFilters, SendReply };
export type ContactDetails = z.infer<typeof Contact>;
export type PriorityValue = z.infer<typeof Priority>;
export type ConversationStatusValue = z.infer<typeof ConversationStatus>;
export type ActivityEntry = z.infer<typeof Activity>;
export type ActivityResponse = { activity: ActivityEntry[] };
export type CountsResponse = z.infer<typeof Counts>;
export type TagItem = z.infer<typeof Tag>;
export type TagsResponse = { tags: TagItem[] };
export type TeamItem = z.infer<typeof Team>;
export type TeamsResponse = { teams: TeamItem[] };
export type CannedResponseItem = z.infer<typeof CannedResponse>;
export type CannedResponsesResponse = { cannedResponses: CannedResponseItem[] };
export type SavedViewItem = z.infer<typeof SavedView>;
export type SavedViewsResponse = { views: SavedViewItem[] };
export type NotificationItem = z.infer<typeof Notification>;
export type NotificationsResponse = { notifications: NotificationItem[]; unread: number };
export type PresenceItem = z.infer<typeof Presence>;
/** My presence as routing sees it (GET/PUT /me/status). */
export type MyStatusResponse = z.infer<typeof AgentRouting>;
export type AvailabilityValue = z.infer<typeof Availability>;
/** Why routing assigned or queued a conversation (payload.routing of timeline events). */
export type RoutingReasonInfo = z.infer<typeof RoutingReason>;
export type ContactChange = z.input<typeof ContactPatch>;
export type PresenceResponse = { presence: PresenceItem[] };
export type BulkAction =
  | { type: 'assign'; assigneeId?: string | null; teamId?: string | null }
  | { type: 'tag'; addTagIds?: string[]; removeTagIds?: string[] }
  | { type: 'resolve' }
  | { type: 'priority'; priority: PriorityValue };
export type BulkResponse = { results: { conversationId: string; ok: boolean; error?: { code: string; message: string } }[] };

export type { Rule as RoutingRule, RuleCondition, RuleInput as RoutingRuleInput, RoutingSettings, Schedule, Strategy } from '../../../contracts/routing.js';
export type RuleTestResponse = z.infer<typeof RuleTestResult>;
export type AgentRoutingItem = z.infer<typeof AgentRouting>;
export type TeamRoutingValue = z.infer<typeof TeamRouting>;
export type ShiftEndPolicyValue = z.infer<typeof ShiftEndPolicy>;
export type QueueItem = z.infer<typeof QueueEntry>;
export type ChannelRoutingValue = { defaultTeamId: string | null; outOfHoursReply: string | null };

export type { MetricsSummary };
export type MetricsQueryValue = z.input<typeof MetricsQuery>;
export type MetricsSeriesResponse = z.infer<typeof MetricsSeries>;
export type StatValue = z.infer<typeof Stat>;
export type TimingValue = z.infer<typeof Timing>;
export type AgentFiguresItem = z.infer<typeof AgentFigures>;
export type AgentFiguresResponse = { agents: AgentFiguresItem[] };
export type LostConversationItem = z.infer<typeof LostConversation>;
export type LostConversationsResponse = { lost: LostConversationItem[] };
export type LiveMetricsResponse = z.infer<typeof LiveMetrics>;
export type MetricsLoadResponse = z.infer<typeof MetricsLoad>;
