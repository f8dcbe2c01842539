//! Live reload: the rebuild thread publishes [`Message`]s on a broadcast channel and every open
//! page's WebSocket (`/__whitecoat/ws`) forwards them to the page's injected script.
//!
//! Every message carries the generation of the last good build. A page is served with the
//! generation it was built from, so a page that connects after a rebuild it missed (opened while
//! a build was running) learns from the first message that it is stale and reloads.

use axum::extract::ws::{Message as WsMessage, WebSocket};
use tokio::sync::broadcast;

/// What the server tells open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Sent once when a page connects: the current generation, and the error if the last
    /// rebuild failed.
    Hello {
        /// Generation of the last good build.
        generation: u64,
        /// The diagnostics of the failed rebuild, if the last one failed.
        error: Option<String>,
    },
    /// A rebuild succeeded: reload.
    Reload {
        /// Generation of the new build.
        generation: u64,
    },
    /// A rebuild failed: show the overlay (the last good build is still being served).
    Error {
        /// Generation of the last good build (unchanged).
        generation: u64,
        /// The diagnostics, as plain text.
        text: String,
    },
}

impl Message {
    /// The JSON the page's script reads.
    pub fn to_json(&self) -> String {
        let value = match self {
            Message::Hello { generation, error } => {
                serde_json::json!({ "type": "hello", "generation": generation, "error": error })
            }
            Message::Reload { generation } => serde_json::json!({ "type": "reload", "generation": generation }),
            Message::Error { generation, text } => {
                serde_json::json!({ "type": "error", "generation": generation, "text": text })
            }
        };
        value.to_string()
    }
}

/// The sending side; cheap to clone.
#[derive(Debug, Clone)]
pub struct Hub {
    sender: broadcast::Sender<Message>,
}

impl Default for Hub {
    fn default() -> Self {
        Self::new()
    }
}

impl Hub {
    /// A hub with no listeners.
    pub fn new() -> Self {
        // A page only ever needs the latest message; a small buffer is plenty, and a page that
        // lags behind is told to reload (see `forward`).
        let (sender, _) = broadcast::channel(16);
        Self { sender }
    }

    /// Sends `message` to every connected page (none connected is fine).
    pub fn publish(&self, message: Message) {
        let _ = self.sender.send(message);
    }

    /// A receiver for one page; subscribe before reading the current state so nothing published
    /// in between is missed.
    pub fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.sender.subscribe()
    }

    /// How many pages are connected.
    pub fn listeners(&self) -> usize {
        self.sender.receiver_count()
    }
}

/// Runs one page's WebSocket: sends `hello`, then forwards every published message until the
/// page goes away.
pub(crate) async fn forward(mut socket: WebSocket, mut receiver: broadcast::Receiver<Message>, hello: Message) {
    if socket.send(WsMessage::Text(hello.to_json().into())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            published = receiver.recv() => {
                let message = match published {
                    Ok(message) => message,
                    // Missed messages: whatever they were, a reload shows the current state.
                    Err(broadcast::error::RecvError::Lagged(_)) => Message::Reload { generation: u64::MAX },
                    Err(broadcast::error::RecvError::Closed) => break,
                };
                if socket.send(WsMessage::Text(message.to_json().into())).await.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => match incoming {
                // The page says nothing we need; pings are answered by the library.
                Some(Ok(WsMessage::Close(_)) | Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_json_with_a_type() {
        let hello: serde_json::Value =
            serde_json::from_str(&Message::Hello { generation: 3, error: None }.to_json()).unwrap();
        assert_eq!(hello, serde_json::json!({ "type": "hello", "generation": 3, "error": null }));
        let error = Message::Error { generation: 3, text: "<b>\"x\"</b>".into() }.to_json();
        let parsed: serde_json::Value = serde_json::from_str(&error).unwrap();
        assert_eq!(parsed["type"], "error");
        assert_eq!(parsed["text"], "<b>\"x\"</b>");
    }

    #[test]
    fn every_subscriber_gets_every_message() {
        let hub = Hub::new();
        let mut a = hub.subscribe();
        let mut b = hub.subscribe();
        hub.publish(Message::Reload { generation: 2 });
        assert_eq!(a.try_recv().unwrap(), Message::Reload { generation: 2 });
        assert_eq!(b.try_recv().unwrap(), Message::Reload { generation: 2 });
        assert_eq!(hub.listeners(), 2);
    }
}
