/**
 * The outbound messaging provider interface: how an agent's message on an sms / whatsapp thread
 * leaves the service. Twilio implements it (twilio/outbound.ts); tests hand in a recording fake.
 */
export interface OutboundMessage {
  accountId: string;
  callId: string;
  /** Our sid of the message being sent. */
  sid: string;
  channel: 'sms' | 'whatsapp';
  /** E.164 numbers; the provider adds its channel prefixes (`whatsapp:`). */
  from: string;
  to: string;
  body: string;
  mediaUrl: string;
  /** Where the provider should report delivery, or '' for nowhere. */
  statusCallback: string;
  credentials: { accountSid: string; authToken: string };
}

export interface MessageSender {
  /** Hands the message to the provider; answers the provider's id for it. */
  send(message: OutboundMessage): Promise<{ providerSid: string }>;
}
