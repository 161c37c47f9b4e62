# Video (issue 4): the sample media the video tests and benchmarks play, made at test time
# from ffmpeg's test sources (tests/media/make.sh); nothing generated is committed.
.PHONY: video-media video-media-long
VIDEO_MEDIA_DEPS := tests/media/make.sh $(wildcard tests/media/*.vtt tests/media/*.po tests/media/*.conf)

$(B)/media/.stamp: $(VIDEO_MEDIA_DEPS)
	tests/media/make.sh $(B)/media
	@touch $@

video-media: $(B)/media/.stamp
video-media-long: $(B)/media/.stamp
	tests/media/make.sh $(B)/media long

# The tests need the media; the benchmarks need the long clip too.
test-content: video-media
bench: video-media-long
